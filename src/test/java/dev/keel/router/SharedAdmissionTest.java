package dev.keel.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.support.ManualClock;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Admission and cool-downs with a cluster's {@link SharedLimits} behind them (a scripted one: no database here). */
class SharedAdmissionTest {

    static final Provider KIMI = new Provider("kimi", Provider.Type.OPENAI_COMPATIBLE, Tier.REASONING, URI.create("http://127.0.0.1:1/v1"),
            "key", List.of("m"), 100_000, new Price(1, 2, 0.5, 0), 0, 5, 0, 0, 1, true);

    /** Answers reservations from a script, and keeps what it was told. */
    static final class Scripted implements SharedLimits {
        final LinkedList<Hold> answers = new LinkedList<>();
        final List<String> settled = new ArrayList<>();
        final Map<String, Instant> cooling = new HashMap<>();
        int asked;

        @Override
        public Hold reserve(Provider provider, long tokens, double costUsd) {
            asked++;
            return answers.size() > 1 ? answers.removeFirst() : answers.getFirst();
        }

        @Override
        public void settle(Provider provider, Hold hold, long tokens, double costUsd) {
            settled.add(hold.id() + ":" + tokens + ":" + costUsd);
        }

        @Override
        public void coolDown(String provider, Instant until) {
            cooling.put(provider, until);
        }

        @Override
        public Map<String, Instant> cooling() {
            return cooling;
        }

        @Override
        public Map<String, Double> spentToday() {
            return Map.of();
        }
    }

    final Scripted shared = new Scripted();

    ProviderAdmission admission(Duration queueWait) {
        return new ProviderAdmission(null, Clock.systemUTC(), Duration.ZERO, queueWait, shared);
    }

    @Test
    void aClusterRefusalGivesTheLocalSlotBack() throws Exception {
        shared.answers.add(new SharedLimits.Hold(0, SharedLimits.Refusal.RPM, "made its 10 calls of this minute across the cluster (RPM)"));
        ProviderAdmission admission = admission(Duration.ZERO);

        ProviderAdmission.Outcome refused = admission.admit(KIMI, 100, 0.01);
        assertThat(refused.refusal()).contains("across the cluster");
        assertThat(refused.budget()).isFalse();

        shared.answers.clear();
        shared.answers.add(new SharedLimits.Hold(7, null, null));
        assertThat(admission.admit(KIMI, 100, 0.01).held()).as("the one local slot is free again").isNotNull();
    }

    @Test
    void aBudgetRefusalIsMarkedAsOne() throws Exception {
        shared.answers.add(new SharedLimits.Hold(0, SharedLimits.Refusal.BUDGET, "has spent $5.00 of its $5.00 daily budget across the cluster"));

        assertThat(admission(Duration.ZERO).admit(KIMI, 100, 0.01).budget()).isTrue();
    }

    @Test
    void busyClusterSlotsAreAskedAgainUntilOneFrees() throws Exception {
        SharedLimits.Hold busy = new SharedLimits.Hold(0, SharedLimits.Refusal.SLOTS, "has all 1 of its concurrent slots busy across the cluster");
        shared.answers.addAll(List.of(busy, busy, new SharedLimits.Hold(9, null, null)));

        ProviderAdmission.Outcome outcome = admission(Duration.ofSeconds(30)).admit(KIMI, 100, 0.01);

        assertThat(outcome.held()).isNotNull();
        assertThat(shared.asked).isEqualTo(3);
    }

    @Test
    void aReleaseSettlesTheHoldWithTheRealTokensAndCost() throws Exception {
        shared.answers.add(new SharedLimits.Hold(9, null, null));
        ProviderAdmission admission = admission(Duration.ZERO);

        admission.release(admission.admit(KIMI, 100, 0.01).held(), 42, 0.002);

        assertThat(shared.settled).containsExactly("9:42:0.002");
    }

    @Test
    void aCoolDownIsSharedAndOneSeenElsewhereCounts() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
        Cooldowns cooldowns = new Cooldowns(clock, shared);

        cooldowns.note("kimi", 429, "30", null);
        assertThat(shared.cooling).containsEntry("kimi", clock.now.plusSeconds(30));

        shared.cooling.put("claude", clock.now.plusSeconds(20));
        assertThat(cooldowns.remaining("claude")).isEqualTo(Duration.ofSeconds(20));
    }
}
