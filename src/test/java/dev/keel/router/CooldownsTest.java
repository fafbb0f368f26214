package dev.keel.router;

import dev.keel.support.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CooldownsTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void retryAfterIsReadAsSecondsAsAnHttpDateOrAsOpenAisMilliseconds() {
        assertThat(Cooldowns.parse("12", null, NOW)).contains(Duration.ofSeconds(12));
        assertThat(Cooldowns.parse("1.5", null, NOW)).contains(Duration.ofMillis(1500));
        assertThat(Cooldowns.parse("Tue, 24 Nov 2026 10:00:30 GMT", null, NOW)).contains(Duration.ofSeconds(30));
        assertThat(Cooldowns.parse("20", "350", NOW)).contains(Duration.ofMillis(350));
        assertThat(Cooldowns.parse("soon", null, NOW)).isEmpty();
        assertThat(Cooldowns.parse(null, null, NOW)).isEmpty();
    }

    @Test
    void aWaitIsCappedAtAnHourAndADateInThePastMeansNoWait() {
        assertThat(Cooldowns.parse("86400", null, NOW)).contains(Cooldowns.MAX);
        assertThat(Cooldowns.parse("Tue, 24 Nov 2026 09:00:00 GMT", null, NOW)).contains(Duration.ZERO);
    }

    @Test
    void onlyRateLimitsAndOverloadsStartACoolDownAndItEnds() {
        ManualClock clock = new ManualClock(NOW);
        Cooldowns cooldowns = new Cooldowns(clock);

        assertThat(cooldowns.note("kimi", 500, "30", null)).isEmpty();
        assertThat(cooldowns.remaining("kimi")).isZero();
        assertThat(cooldowns.note("kimi", 429, "30", null)).contains(Duration.ofSeconds(30));
        clock.now = NOW.plusSeconds(10);
        assertThat(cooldowns.remaining("kimi")).isEqualTo(Duration.ofSeconds(20));
        assertThat(cooldowns.note("kimi", 503, "5", null)).isEqualTo(Optional.of(Duration.ofSeconds(5)));
        assertThat(cooldowns.remaining("kimi")).as("a shorter wait does not cut a longer one short").isEqualTo(Duration.ofSeconds(20));
        clock.now = NOW.plusSeconds(31);
        assertThat(cooldowns.remaining("kimi")).isZero();
    }
}
