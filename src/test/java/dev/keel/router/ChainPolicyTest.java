package dev.keel.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.router.ChainPolicy.Action;
import dev.keel.router.FailureClassifier.Failure;
import dev.keel.router.FailureClassifier.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a model call does after a failed attempt, from fixed values. */
class ChainPolicyTest {

    private static final Duration MAX = Duration.ofSeconds(10);
    private static final Failure LIMITED = new Failure(Kind.RATE_LIMITED, 429, "HTTP 429 slow down");
    private static final Failure BROKEN = new Failure(Kind.FAILED, 500, "HTTP 500 crashed");

    @Test
    void aRateLimitWithRetryAfterIsRetriedAfterItPlusJitter() {
        var next = ChainPolicy.afterFailure(LIMITED, 1, Duration.ofSeconds(2), MAX, 700, 80);

        assertThat(next.action()).isEqualTo(Action.RETRY);
        assertThat(next.waitMillis()).isEqualTo(2080);
    }

    @Test
    void aRateLimitWithoutRetryAfterIsRetriedAfterTheBackoff() {
        var next = ChainPolicy.afterFailure(LIMITED, 1, Duration.ZERO, MAX, 700, 80);

        assertThat(next.action()).isEqualTo(Action.RETRY);
        assertThat(next.waitMillis()).isEqualTo(700);
    }

    @Test
    void aSecondRateLimitGoesOnToTheNextProvider() {
        assertThat(ChainPolicy.afterFailure(LIMITED, 2, Duration.ZERO, MAX, 700, 80).action()).isEqualTo(Action.NEXT_PROVIDER);
    }

    @Test
    void aRetryAfterLongerThanTheMaximumGoesOnAtOnceAndSaysWhy() {
        var next = ChainPolicy.afterFailure(LIMITED, 1, Duration.ofSeconds(30), MAX, 700, 80);

        assertThat(next.action()).isEqualTo(Action.NEXT_PROVIDER);
        assertThat(next.note()).contains("30 s", "keel.router.retry-after-max");
    }

    @Test
    void anyOtherFailureGoesOnToTheNextProviderWithoutWaiting() {
        var next = ChainPolicy.afterFailure(BROKEN, 1, Duration.ofSeconds(2), MAX, 700, 80);

        assertThat(next.action()).isEqualTo(Action.NEXT_PROVIDER);
        assertThat(next.waitMillis()).isZero();
    }

    @Test
    void anAttemptAdmissionRefusedGoesOnToTheNextProvider() {
        assertThat(ChainPolicy.afterFailure(null, 1, Duration.ZERO, MAX, 700, 80).action()).isEqualTo(Action.NEXT_PROVIDER);
    }

    @Test
    void aStreamThatReachedTheCallerStopsTheChain() {
        var next = ChainPolicy.afterFailure(new Failure(Kind.STREAM_BROKEN, null, "broke"), 1, Duration.ZERO, MAX, 700, 80);

        assertThat(next.action()).isEqualTo(Action.GIVE_UP);
    }

    @Test
    void theBackoffCeilingDoublesPerAttempt() {
        assertThat(ChainPolicy.backoffCeiling(1)).isEqualTo(1000);
        assertThat(ChainPolicy.backoffCeiling(2)).isEqualTo(2000);
    }
}
