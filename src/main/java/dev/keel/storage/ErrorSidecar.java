package dev.keel.storage;

import dev.keel.secrets.Publisher;
import dev.keel.secrets.SecretLeakException;
import dev.keel.secrets.SecretMasker;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code <name>.error.txt} beside a failed input in {@code .error}, before the file is moved
 * there, so the reason is on disk before the input leaves the inbox. Secrets are masked.
 */
public final class ErrorSidecar {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorSidecar.class);

    private final Clock clock;

    public ErrorSidecar(Clock clock) {
        this.clock = clock;
    }

    public static String sidecarName(String storedName) {
        return storedName + ".error.txt";
    }

    public void write(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String errorPath = exchange.getMessage().getHeader(IntakeGate.ERROR_PATH, String.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String workflow = exchange.getMessage().getHeader(IntakeGate.WORKFLOW, String.class);
        write(name, workflow, Path.of(errorPath), cause);
    }

    /** The sidecar of {@code name}, about to be moved to {@code target} in its inbox's .error, failed by {@code cause}. */
    public void write(String name, String workflow, Path target, Throwable cause) {
        String reason = SecretMasker.mask(reason(cause));
        String text = "file: " + printable(name) + "\n"
                + "workflow: " + workflow + "\n"
                + "failed-at: " + clock.instant() + "\n"
                + "moved-to: " + printable(target.getFileName().toString()) + "\n"
                + "reason: " + reason + "\n"
                + (cause == null || cause instanceof RejectedInputException || cause instanceof SecretLeakException ? "" : "error: " + cause.getClass().getName() + "\n");
        Publisher.publish(target.resolveSibling(sidecarName(target.getFileName().toString())), text);
        if (cause == null || cause instanceof RejectedInputException || cause instanceof SecretLeakException) {
            LOG.warn("{} inbox: {} refused, moved to {}: {}", workflow, printable(name), target.getParent(), reason);
        } else {
            LOG.warn("{} inbox: {} failed, moved to {}: {}", workflow, printable(name), target.getParent(), reason, cause);
        }
    }

    private static String reason(Throwable cause) {
        if (cause == null) {
            return "failed without an exception";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return printable(message == null || message.isBlank() ? root.getClass().getSimpleName() : message);
    }

    /**
     * A file name (or reason) as one line: a name may hold newlines, and one that did could write a
     * {@code reason:} line of its own into the sidecar.
     */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
