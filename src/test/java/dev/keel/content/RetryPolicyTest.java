package dev.keel.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What happens to a content task whose model call failed, from fixed values. */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMinutes(1));

    private static RetryPolicy.Failed failure(int attemptsBefore) {
        return new RetryPolicy.Failed(false, false, attemptsBefore, true, null, "every provider failed");
    }

    @Test
    void aFirstFailureIsQueuedAgainAfterOneRetryDelay() {
        var decision = policy.after(failure(0));

        assertThat(decision.reject()).isFalse();
        assertThat(decision.attempts()).isEqualTo(1);
        assertThat(decision.delay()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void eachFailureWaitsOneRetryDelayLongerThanTheLast() {
        assertThat(policy.after(failure(1)).delay()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theLastAttemptIsRejectedSayingHowManyWereMade() {
        var decision = policy.after(failure(2));

        assertThat(decision.reject()).isTrue();
        assertThat(decision.attempts()).isEqualTo(3);
        assertThat(decision.why()).isEqualTo("no model answered in 3 attempts: every provider failed");
    }

    @Test
    void aBudgetStopWaitsOneRetryDelayAndDoesNotCountAsAnAttempt() {
        var decision = policy.after(new RetryPolicy.Failed(false, true, 2, true, null, "daily budget spent"));

        assertThat(decision.reject()).isFalse();
        assertThat(decision.attempts()).isEqualTo(2);
        assertThat(decision.delay()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aRefusedInputIsRejectedAtOnceWithItsOwnReason() {
        var decision = policy.after(new RetryPolicy.Failed(true, false, 0, true, null, "the prompt file is missing"));

        assertThat(decision.reject()).isTrue();
        assertThat(decision.why()).isEqualTo("the prompt file is missing");
    }

    @Test
    void aTaskThatFailedBeforeItStartedIsRejectedAtOnce() {
        assertThat(policy.after(new RetryPolicy.Failed(false, false, 0, false, null, "unreadable spec")).reject()).isTrue();
    }

    @Test
    void aFailureWhileEscalatingIsRejectedNamingTheEscalation() {
        var decision = policy.after(new RetryPolicy.Failed(false, false, 0, true, "local output failed (too short)", "no provider"));

        assertThat(decision.reject()).isTrue();
        assertThat(decision.why()).isEqualTo("local output failed (too short), where no model answered: no provider");
    }
}
