package dev.keel.guard;

import static dev.keel.support.Samples.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.router.Tier;
import dev.keel.support.Samples;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceGuardTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final GuardPolicy policy = new GuardPolicy(new Band(85, 70, 95, 85), new Band(85, 75, 95, 90),
            new Band(90, 85, 97, 94), Duration.ofSeconds(30));

    private ResourceGuard guard(GuardMode mode) {
        return new ResourceGuard(policy, () -> at(0, 1, 1, 1), mode, 2, 1, meters, Samples.T0);
    }

    @Test
    void admitsUpToTheOkLimitThenRefusesWithTheReason() throws Exception {
        ResourceGuard guard = guard(GuardMode.ENFORCE);

        Admission a = guard.admit(Tier.LOCAL, Duration.ZERO);
        Admission b = guard.admit(Tier.LOCAL, Duration.ZERO);
        Admission c = guard.admit(Tier.LOCAL, Duration.ZERO);

        assertThat(a.granted()).isTrue();
        assertThat(b.granted()).isTrue();
        assertThat(c.granted()).isFalse();
        assertThat(c.reason()).contains("2 of 2 local calls in use");
        a.close();
        assertThat(guard.admit(Tier.LOCAL, Duration.ZERO).granted()).isTrue();
    }

    @Test
    void narrowsLocalConcurrencyWhenHot() throws Exception {
        ResourceGuard guard = guard(GuardMode.ENFORCE);
        guard.observe(at(1, 90, 10, 10));

        assertThat(guard.getLocalLimit()).isEqualTo(1);
        assertThat(guard.admit(Tier.LOCAL, Duration.ZERO).granted()).isTrue();
        assertThat(guard.admit(Tier.LOCAL, Duration.ZERO).granted()).isFalse();
    }

    @Test
    void admitsNoLocalCallWhenCriticalButStillAdmitsCloudTiers() throws Exception {
        ResourceGuard guard = guard(GuardMode.ENFORCE);
        guard.observe(at(1, 99, 10, 10));

        Admission local = guard.admit(Tier.LOCAL, Duration.ofMillis(20));
        assertThat(local.granted()).isFalse();
        assertThat(local.reason()).startsWith("ResourceGuard CRITICAL").contains("cpu 99.0%");
        assertThat(guard.admit(Tier.REASONING, Duration.ZERO).granted()).isTrue();
        assertThat(guard.admit(Tier.CRITICAL, Duration.ZERO).granted()).isTrue();
    }

    @Test
    void aWaitingCallIsAdmittedWhenASlotIsReleased() throws Exception {
        ResourceGuard guard = guard(GuardMode.ENFORCE);
        Admission first = guard.admit(Tier.LOCAL, Duration.ZERO);
        guard.admit(Tier.LOCAL, Duration.ZERO);
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            first.close();
        });
        releaser.start();

        assertThat(guard.admit(Tier.LOCAL, Duration.ofSeconds(10)).granted()).isTrue();
        releaser.join();
    }

    @Test
    void closingAnAdmissionTwiceReleasesOneSlot() throws Exception {
        ResourceGuard guard = guard(GuardMode.ENFORCE);
        Admission a = guard.admit(Tier.LOCAL, Duration.ZERO);
        guard.admit(Tier.LOCAL, Duration.ZERO);
        a.close();
        a.close();

        assertThat(guard.getLocalInFlight()).isEqualTo(1);
    }

    @Test
    void tellsListenersOfEachChangeOnceAndCountsIt() {
        ResourceGuard guard = guard(GuardMode.ENFORCE);
        List<String> seen = new ArrayList<>();
        guard.addListener((from, to) -> seen.add(from.level() + "->" + to.level()));

        guard.observe(at(1, 99, 10, 10));
        guard.observe(at(2, 99, 10, 10));
        guard.observe(at(3, 10, 10, 10));
        guard.observe(at(40, 10, 10, 10));

        assertThat(seen).containsExactly("OK->CRITICAL", "CRITICAL->HOT");
        assertThat(guard.getTransitions()).isEqualTo(2);
        assertThat(meters.counter("keel.guard.transitions", "from", "OK", "to", "CRITICAL").count()).isEqualTo(1.0);
        assertThat(meters.get("keel.guard.state").gauge().value()).isEqualTo(GuardLevel.HOT.ordinal());
    }

    @Test
    void observeModeReportsStatesButNeverActs() throws Exception {
        ResourceGuard guard = guard(GuardMode.OBSERVE);
        List<String> seen = new ArrayList<>();
        guard.addListener((from, to) -> seen.add(to.level().name()));

        guard.observe(at(1, 99, 10, 10));

        assertThat(guard.getState()).isEqualTo("CRITICAL");
        assertThat(seen).isEmpty();
        assertThat(guard.admit(Tier.LOCAL, Duration.ZERO).granted()).isTrue();
    }
}
