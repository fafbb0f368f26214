package dev.keel.night;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

class CatchUpTest {

    private final CronExpression twoAm = CatchUp.cron("0 0 2 * * ?", TimeZone.getTimeZone("UTC"));
    private final Duration window = Duration.ofHours(6);

    @Test
    void aNightMissedThisMorningIsCaughtUp() {
        assertThat(CatchUp.missed(twoAm, Instant.parse("2026-03-01T02:00:05Z"), Instant.parse("2026-03-02T07:30:00Z"), window))
                .contains(Instant.parse("2026-03-02T02:00:00Z"));
    }

    @Test
    void aNightMissedTooLongAgoIsNot() {
        assertThat(CatchUp.missed(twoAm, Instant.parse("2026-03-01T02:00:05Z"), Instant.parse("2026-03-02T08:30:00Z"), window))
                .isEmpty();
    }

    @Test
    void nothingWasMissedWhenTheLastRunWasAfterTheLastFireTime() {
        assertThat(CatchUp.missed(twoAm, Instant.parse("2026-03-02T02:00:03Z"), Instant.parse("2026-03-02T05:00:00Z"), window))
                .isEmpty();
        assertThat(CatchUp.missed(twoAm, null, Instant.parse("2026-03-02T05:00:00Z"), window)).isEmpty();
    }

    @Test
    void onlyTheLatestOfSeveralMissedNightsRuns() {
        assertThat(CatchUp.missed(twoAm, Instant.parse("2026-02-20T02:00:00Z"), Instant.parse("2026-03-02T03:00:00Z"), window))
                .contains(Instant.parse("2026-03-02T02:00:00Z"));
    }

    @Test
    void aBadCronExpressionSaysSo() {
        assertThatThrownBy(() -> CatchUp.cron("every night", TimeZone.getDefault())).hasMessageContaining("not a Quartz cron");
    }
}
