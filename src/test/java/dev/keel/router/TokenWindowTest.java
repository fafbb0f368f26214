package dev.keel.router;

import dev.keel.support.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenWindowTest {

    @Test
    void callsInFlightCountAtTheirEstimateAndSettleAtWhatTheyUsed() {
        ManualClock clock = new ManualClock(CooldownsTest.NOW);
        TokenWindow minute = new TokenWindow(clock);

        assertThat(minute.tryReserve(600, 1000)).isTrue();
        assertThat(minute.tryReserve(600, 1000)).as("two estimates would pass the limit").isFalse();
        minute.settle(600, 300);
        assertThat(minute.used()).isEqualTo(300);
        assertThat(minute.tryReserve(600, 1000)).isTrue();
        minute.settle(600, 650);
        assertThat(minute.used()).isEqualTo(950);
        assertThat(minute.tryReserve(100, 1000)).isFalse();

        clock.now = CooldownsTest.NOW.plusSeconds(61);
        assertThat(minute.used()).as("a minute later the window is empty").isZero();
        assertThat(minute.tryReserve(100, 1000)).isTrue();
    }

    @Test
    void oneCallLargerThanTheLimitStillRunsWhenNothingElseDoesAndNoLimitMeansNone() {
        TokenWindow minute = new TokenWindow(new ManualClock(CooldownsTest.NOW));

        assertThat(minute.tryReserve(5000, 1000)).isTrue();
        assertThat(minute.tryReserve(1, 1000)).isFalse();
        assertThat(minute.tryReserve(1_000_000, 0)).isTrue();
    }
}
