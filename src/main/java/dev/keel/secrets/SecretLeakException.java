package dev.keel.secrets;

/** Output that would have published a secret; it was quarantined instead. The message names rules and lines only. */
public final class SecretLeakException extends RuntimeException {

    public SecretLeakException(String message) {
        super(message);
    }
}
