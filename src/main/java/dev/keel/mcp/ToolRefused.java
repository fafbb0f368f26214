package dev.keel.mcp;

/** A tool call Keel will not carry out as asked; the message tells the model what to change. */
public final class ToolRefused extends RuntimeException {

    public ToolRefused(String message) {
        super(message);
    }
}
