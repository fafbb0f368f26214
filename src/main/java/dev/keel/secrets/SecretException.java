package dev.keel.secrets;

/** A secret that cannot be used as it is; the message names the secret and the fix, never a value. */
public final class SecretException extends RuntimeException {

    public SecretException(String message) {
        super(message);
    }
}
