package dev.keel.router;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.Optional;

/**
 * Tells a failed provider attempt apart by what was thrown, never by its message text: a stream that
 * already reached the caller, an open circuit, a provider asking Keel to slow down (HTTP 429, 503,
 * Anthropic's 529, or langchain4j's RateLimitException), or any other failure.
 */
public final class FailureClassifier {

    /** What kind of failure an attempt ended in. */
    public enum Kind {
        /** Tokens reached the caller: no other provider may take over. */
        STREAM_BROKEN,
        /** The provider asked to slow down: worth one more try after its Retry-After or a backoff. */
        RATE_LIMITED,
        /** The provider's circuit breaker refused the call without calling it. */
        CIRCUIT_OPEN,
        FAILED
    }

    /** A classified failure: its kind, the HTTP status when one was seen, and a one-line description for the caller. */
    public record Failure(Kind kind, Integer status, String description) {
        public boolean rateLimited() {
            return kind == Kind.RATE_LIMITED;
        }

        public boolean final_() {
            return kind == Kind.STREAM_BROKEN;
        }
    }

    private static final int MAX_DESCRIPTION = 300;

    private FailureClassifier() {
    }

    /** Classifies {@code error} by the types in its cause chain and the HTTP status langchain4j kept. */
    public static Failure classify(Throwable error) {
        Optional<Integer> status = find(error, HttpException.class).map(HttpException::statusCode);
        if (find(error, ProviderCalls.StreamBroken.class).isPresent()) {
            return new Failure(Kind.STREAM_BROKEN, status.orElse(null), oneLine(find(error, ProviderCalls.StreamBroken.class).get().getMessage()));
        }
        if (find(error, CallNotPermittedException.class).isPresent()) {
            return new Failure(Kind.CIRCUIT_OPEN, null, "circuit open");
        }
        boolean limited = status.map(FailureClassifier::slowDown).orElse(false) || find(error, RateLimitException.class).isPresent();
        return new Failure(limited ? Kind.RATE_LIMITED : Kind.FAILED, status.orElse(null), describe(error));
    }

    /** 429 Too Many Requests, 503 Service Unavailable, and Anthropic's 529 Overloaded: the provider is busy, not broken. */
    static boolean slowDown(int status) {
        return status == 429 || status == 503 || status == 529;
    }

    /**
     * One line for the caller and the ledger: the first message in the cause chain (wrappers often have
     * none), prefixed with the HTTP status langchain4j kept (its typed exceptions wrap the HttpException)
     * or the kind when the type says more than the text.
     */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null || root.getMessage().isBlank())) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        Optional<HttpException> http = find(e, HttpException.class);
        if (http.isPresent()) {
            message = "HTTP " + http.get().statusCode() + " " + message;
        } else if (root instanceof RateLimitException) {
            message = "429 rate limit: " + message;
        } else if (root instanceof CallNotPermittedException) {
            message = "circuit open";
        }
        return oneLine(message);
    }

    private static String oneLine(String message) {
        String line = message.replace('\n', ' ');
        return line.length() > MAX_DESCRIPTION ? line.substring(0, MAX_DESCRIPTION) + "…" : line;
    }

    private static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
