package dev.keel.storage;

/** Input Keel will not process; the message is the reason written beside the file in {@code .error}. */
public final class RejectedInputException extends RuntimeException {

    public RejectedInputException(String reason) {
        super(reason);
    }
}
