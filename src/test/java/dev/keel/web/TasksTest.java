package dev.keel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A task id names its day: only days Keel still keeps are looked up. */
class TasksTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    @Test
    void aDayWithinRetentionOrTomorrowIsLookedUp() {
        assertThat(Tasks.within("20261201-0123456789ab", TODAY, 30)).isTrue();
        assertThat(Tasks.within("20261031-0123456789ab", TODAY, 30)).isTrue();
        assertThat(Tasks.within("20261202-0123456789ab", TODAY, 30)).isTrue();
    }

    @Test
    void aDayBeforeRetentionInTheFutureOrNotADayIsNot() {
        assertThat(Tasks.within("00010101-000000000000", TODAY, 30)).isFalse();
        assertThat(Tasks.within("20261029-0123456789ab", TODAY, 30)).isFalse();
        assertThat(Tasks.within("20261203-0123456789ab", TODAY, 30)).isFalse();
        assertThat(Tasks.within("20261399-0123456789ab", TODAY, 30)).isFalse();
    }

    @Test
    void aTokenMatchesOnlyItsOwnTask() {
        TaskTokens tokens = new TaskTokens("k-FAKE-test".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String a = tokens.of("20261201-0123456789ab");

        assertThat(tokens.matches("20261201-0123456789ab", a)).isTrue();
        assertThat(tokens.matches("20261201-0123456789ac", a)).isFalse();
        assertThat(tokens.matches("20261201-0123456789ab", null)).isFalse();
        assertThat(tokens.statusUrl("20261201-0123456789ab")).isEqualTo("/api/tasks/20261201-0123456789ab?token=" + a);
        assertThat(a).hasSize(24);
    }
}
