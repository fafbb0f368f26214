package dev.keel.router;

import java.time.Duration;

/**
 * What a model call does after a failed attempt: stop (a stream already reached the caller), try the
 * same provider once more after its Retry-After or a backoff (it asked to slow down), or go on to the
 * next provider. Pure: the wait the provider asked for and the random parts come in as values.
 */
public final class ChainPolicy {

    /** What to do next. */
    public enum Action { RETRY, NEXT_PROVIDER, GIVE_UP }

    /** The next step, the wait before it (RETRY only) and a note for the caller's attempt list, or null. */
    public record Next(Action action, long waitMillis, String note) {
    }

    /** Attempts per provider: the first and one retry after a rate limit. */
    static final int ATTEMPTS = 2;

    private ChainPolicy() {
    }

    /**
     * @param retryAfter   the provider's remaining cool-down (zero when it sent no Retry-After)
     * @param maxRetryWait keel.router.retry-after-max: a longer Retry-After is not waited out
     * @param backoffMillis the backoff to use when the provider named no wait
     * @param jitterMillis added to a Retry-After so parallel retries do not arrive together
     */
    public static Next afterFailure(FailureClassifier.Failure failure, int attempt, Duration retryAfter, Duration maxRetryWait,
                                    long backoffMillis, long jitterMillis) {
        if (failure != null && failure.final_()) {
            return new Next(Action.GIVE_UP, 0, null);
        }
        if (failure == null || !failure.rateLimited() || attempt >= ATTEMPTS) {
            return new Next(Action.NEXT_PROVIDER, 0, null);
        }
        if (retryAfter.compareTo(maxRetryWait) > 0) {
            return new Next(Action.NEXT_PROVIDER, 0, "asked to wait " + seconds(retryAfter)
                    + " s (Retry-After), longer than keel.router.retry-after-max, so it is not retried now");
        }
        return new Next(Action.RETRY, retryAfter.isZero() ? backoffMillis : retryAfter.toMillis() + jitterMillis, null);
    }

    /** Exponential backoff's upper bound for {@code attempt}: 1 s, then 2 s (full jitter picks below it, from 250 ms). */
    static long backoffCeiling(int attempt) {
        return 1000L << (attempt - 1);
    }

    static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
