package dev.keel.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GuardPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final GuardPolicy policy = new GuardPolicy(new Band(85, 70, 95, 85), new Band(85, 75, 95, 90),
            new Band(90, 85, 97, 94), Duration.ofSeconds(30));

    private static Reading at(int seconds, double cpu, double memory, double disk) {
        return new Reading(T0.plusSeconds(seconds), cpu, memory, disk);
    }

    @Test
    void staysOkBelowTheHighMarks() {
        GuardState s = policy.next(GuardState.initial(T0), at(1, 84.9, 50, 50));

        assertThat(s.level()).isEqualTo(GuardLevel.OK);
    }

    @Test
    void risesToHotAtOnceNamingTheResource() {
        GuardState s = policy.next(GuardState.initial(T0), at(1, 20, 86, 50));

        assertThat(s.level()).isEqualTo(GuardLevel.HOT);
        assertThat(s.reason()).isEqualTo("memory 86.0% >= 85%");
        assertThat(s.since()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void jumpsStraightToCriticalFromOk() {
        GuardState s = policy.next(GuardState.initial(T0), at(1, 20, 50, 97.5));

        assertThat(s.level()).isEqualTo(GuardLevel.CRITICAL);
        assertThat(s.reason()).startsWith("disk 97.5%");
    }

    @Test
    void holdsHotWhileBetweenTheLowAndHighMarks() {
        GuardState hot = policy.next(GuardState.initial(T0), at(1, 90, 50, 50));
        GuardState s = policy.next(hot, at(100, 75, 50, 50));

        assertThat(s.level()).isEqualTo(GuardLevel.HOT);
        assertThat(s.calmSince()).isNull();
    }

    @Test
    void stepsDownOnlyAfterTheHoldTimeBelowTheLowMarks() {
        GuardState hot = policy.next(GuardState.initial(T0), at(0, 90, 50, 50));
        GuardState calm = policy.next(hot, at(10, 10, 50, 50));
        GuardState stillHot = policy.next(calm, at(39, 10, 50, 50));
        GuardState ok = policy.next(stillHot, at(40, 10, 50, 50));

        assertThat(calm.level()).isEqualTo(GuardLevel.HOT);
        assertThat(calm.calmSince()).isEqualTo(T0.plusSeconds(10));
        assertThat(stillHot.level()).isEqualTo(GuardLevel.HOT);
        assertThat(ok.level()).isEqualTo(GuardLevel.OK);
        assertThat(ok.reason()).contains("hot-low", "30 s");
    }

    @Test
    void aSpikeDuringTheHoldRestartsIt() {
        GuardState hot = policy.next(GuardState.initial(T0), at(0, 90, 50, 50));
        GuardState calm = policy.next(hot, at(10, 10, 50, 50));
        GuardState spike = policy.next(calm, at(20, 72, 50, 50));
        GuardState again = policy.next(spike, at(25, 10, 50, 50));
        GuardState notYet = policy.next(again, at(50, 10, 50, 50));

        assertThat(spike.calmSince()).isNull();
        assertThat(notYet.level()).isEqualTo(GuardLevel.HOT);
        assertThat(policy.next(notYet, at(55, 10, 50, 50)).level()).isEqualTo(GuardLevel.OK);
    }

    @Test
    void leavesCriticalOneStepAtATime() {
        GuardState critical = policy.next(GuardState.initial(T0), at(0, 99, 50, 50));
        GuardState calm = policy.next(critical, at(1, 5, 50, 50));
        GuardState hot = policy.next(calm, at(31, 5, 50, 50));
        GuardState calmAgain = policy.next(hot, at(32, 5, 50, 50));
        GuardState ok = policy.next(calmAgain, at(62, 5, 50, 50));

        assertThat(hot.level()).isEqualTo(GuardLevel.HOT);
        assertThat(ok.level()).isEqualTo(GuardLevel.OK);
    }

    @Test
    void staysCriticalAboveTheCriticalLowMark() {
        GuardState critical = policy.next(GuardState.initial(T0), at(0, 99, 50, 50));
        GuardState s = policy.next(policy.next(critical, at(10, 88, 50, 50)), at(100, 88, 50, 50));

        assertThat(s.level()).isEqualTo(GuardLevel.CRITICAL);
    }
}
