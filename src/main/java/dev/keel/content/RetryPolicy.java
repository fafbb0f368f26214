package dev.keel.content;

import java.time.Duration;

/**
 * What happens to a content task whose model call failed: queued again after retry-delay x attempt
 * (a budget stop waits retry-delay and does not count as an attempt), or rejected at max-attempts, when
 * the input itself was refused, when the task never got started, or when it failed while escalating.
 * Pure: values in, value out; the caller adds the wait to its clock.
 */
final class RetryPolicy {

    /** What a failure leads to. */
    record Failed(boolean inputRefused, boolean budget, int attemptsBefore, boolean started, String escalation, String reason) {
    }

    /** Reject with {@code why}, or retry after {@code delay}; {@code attempts} is what the queue records either way. */
    record Decision(boolean reject, int attempts, Duration delay, String why) {
    }

    private final int maxAttempts;
    private final Duration retryDelay;

    RetryPolicy(int maxAttempts, Duration retryDelay) {
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    Decision after(Failed failed) {
        int attempts = failed.attemptsBefore() + (failed.budget() ? 0 : 1);
        boolean escalating = failed.started() && failed.escalation() != null;
        if (failed.inputRefused() || attempts >= maxAttempts || !failed.started() || escalating) {
            String why = failed.inputRefused() || !failed.started() ? failed.reason()
                    : escalating ? failed.escalation() + ", where no model answered: " + failed.reason()
                    : "no model answered in " + attempts + " attempts: " + failed.reason();
            return new Decision(true, attempts, Duration.ZERO, why);
        }
        return new Decision(false, attempts, retryDelay.multipliedBy(failed.budget() ? 1 : attempts), failed.reason());
    }
}
