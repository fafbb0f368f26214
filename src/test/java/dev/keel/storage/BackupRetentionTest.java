package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BackupRetentionTest {

    private final BackupRetention policy = new BackupRetention(7, 4, 6, ZoneOffset.UTC);

    private static Instant night(LocalDate day) {
        return day.atTime(2, 0).toInstant(ZoneOffset.UTC);
    }

    @Test
    void overAHundredSimulatedNightsKeepsSevenDailiesFourWeekliesAndSixMonthlies() {
        LocalDate first = LocalDate.of(2026, 1, 1);
        List<Instant> kept = new ArrayList<>();
        for (int day = 0; day < 100; day++) {
            kept.add(night(first.plusDays(day)));
            kept = new ArrayList<>(policy.keep(kept));
        }
        Set<LocalDate> days = new TreeSet<>();
        kept.forEach(i -> days.add(LocalDate.ofInstant(i, ZoneOffset.UTC)));

        LocalDate last = first.plusDays(99);
        assertThat(last).isEqualTo(LocalDate.of(2026, 4, 10));
        assertThat(days).contains(last, last.minusDays(1), last.minusDays(6));
        assertThat(days).doesNotContain(last.minusDays(7));
        assertThat(days).contains(LocalDate.of(2026, 3, 29), LocalDate.of(2026, 3, 22));
        assertThat(days).contains(LocalDate.of(2026, 3, 31), LocalDate.of(2026, 2, 28), LocalDate.of(2026, 1, 31));
        assertThat(days).hasSize(12);
    }

    @Test
    void keepsTheNewestOfEachDay() {
        Instant early = Instant.parse("2026-05-01T01:00:00Z");
        Instant late = Instant.parse("2026-05-01T23:00:00Z");

        assertThat(new BackupRetention(1, 0, 0, ZoneOffset.UTC).keep(List.of(early, late))).containsExactly(late);
    }

    @Test
    void keepsTheNewestEvenWhenEveryCountIsZero() {
        Instant newest = Instant.parse("2026-05-02T02:00:00Z");

        assertThat(new BackupRetention(0, 0, 0, ZoneOffset.UTC).keep(List.of(Instant.parse("2026-05-01T02:00:00Z"), newest)))
                .containsExactly(newest);
    }

    @Test
    void nothingToKeepWhenThereAreNoBackups() {
        assertThat(policy.keep(List.of())).isEmpty();
    }
}
