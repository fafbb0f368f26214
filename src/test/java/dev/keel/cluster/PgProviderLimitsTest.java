package dev.keel.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.boot.KeelSettings;
import dev.keel.db.Jdbc;
import dev.keel.db.KeelDatabase;
import dev.keel.router.Price;
import dev.keel.router.Provider;
import dev.keel.router.SharedLimits;
import dev.keel.router.Tier;
import dev.keel.support.Postgres;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The shared limits of two nodes (two {@link PgProviderLimits} on one PostgreSQL schema, each with its own
 * pool, as two JVMs would have), reserving from many threads at once: every limit holds for the sum.
 */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+")
class PgProviderLimitsTest {

    KeelDatabase dbA;
    KeelDatabase dbB;
    PgProviderLimits nodeA;
    PgProviderLimits nodeB;

    @BeforeEach
    void twoNodes() {
        Map<String, String> settings = new HashMap<>(Postgres.freshSchema());
        settings.put("keel.home", System.getProperty("java.io.tmpdir"));
        dbA = KeelDatabase.open(KeelSettings.of(settings));
        dbB = KeelDatabase.open(KeelSettings.of(settings));
        nodeA = new PgProviderLimits(dbA::dataSource, Clock.systemUTC(), ZoneOffset.UTC, "node-a", Duration.ofMinutes(10));
        nodeB = new PgProviderLimits(dbB::dataSource, Clock.systemUTC(), ZoneOffset.UTC, "node-b", Duration.ofMinutes(10));
    }

    @AfterEach
    void close() {
        dbA.close();
        dbB.close();
    }

    static Provider provider(String name, int rpm, int tpm, int slots, double budget) {
        return new Provider(name, Provider.Type.OPENAI_COMPATIBLE, Tier.REASONING, URI.create("http://127.0.0.1:1/v1"), "key", List.of("m"),
                100_000, new Price(1, 2, 0.5, 0), 0, budget, rpm, tpm, slots, true);
    }

    /** {@code calls} reservations split over both nodes and 8 threads; each granted one settled at once with {@code tokens}/{@code cost}. */
    List<SharedLimits.Hold> race(Provider p, int calls, long tokens, double estimate, double cost) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<SharedLimits.Hold>> jobs = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                PgProviderLimits node = i % 2 == 0 ? nodeA : nodeB;
                jobs.add(() -> {
                    SharedLimits.Hold hold = node.reserve(p, tokens, estimate);
                    node.settle(p, hold, tokens, cost);
                    return hold;
                });
            }
            List<SharedLimits.Hold> holds = new ArrayList<>();
            for (Future<SharedLimits.Hold> f : pool.invokeAll(jobs)) {
                holds.add(f.get());
            }
            return holds;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theRpmHoldsForBothNodesTogetherInEachClockMinute() throws Exception {
        Provider p = provider("kimi", 10, 0, 0, 0);

        List<SharedLimits.Hold> holds = race(p, 60, 100, 0.01, 0.01);

        long granted = holds.stream().filter(SharedLimits.Hold::granted).count();
        List<Integer> perMinute = new Jdbc(dbA::dataSource, "test").list(
                "SELECT calls FROM keel_provider_minute WHERE provider = 'kimi'", r -> r.getInt(1));
        assertThat(perMinute).allMatch(calls -> calls <= 10);
        assertThat(perMinute.stream().mapToInt(Integer::intValue).sum()).isEqualTo((int) granted);
        assertThat(granted).isBetween(10L, 20L); // 20 only if the race straddled a minute boundary
        assertThat(holds).filteredOn(h -> !h.granted()).allMatch(h -> h.refusal() == SharedLimits.Refusal.RPM)
                .first().extracting(SharedLimits.Hold::reason).asString().contains("10 calls of this minute across the cluster");
    }

    @Test
    void concurrencySlotsAreSharedAndASettleFreesOne() {
        Provider p = provider("claude", 0, 0, 3, 0);
        SharedLimits.Hold first = nodeA.reserve(p, 10, 0);
        assertThat(nodeB.reserve(p, 10, 0).granted()).isTrue();
        assertThat(nodeA.reserve(p, 10, 0).granted()).isTrue();

        SharedLimits.Hold fourth = nodeB.reserve(p, 10, 0);
        assertThat(fourth.refusal()).isEqualTo(SharedLimits.Refusal.SLOTS);

        nodeA.settle(p, first, 10, 0);
        assertThat(nodeB.reserve(p, 10, 0).granted()).isTrue();
    }

    @Test
    void aDeadNodesHoldsStopCountingWhenTheirLeaseEnds() throws Exception {
        Provider p = provider("claude", 0, 0, 1, 0);
        PgProviderLimits dying = new PgProviderLimits(dbA::dataSource, Clock.systemUTC(), ZoneOffset.UTC, "node-dead", Duration.ofSeconds(1));
        assertThat(dying.reserve(p, 10, 0).granted()).isTrue(); // and never settled: the node died

        assertThat(nodeB.reserve(p, 10, 0).refusal()).isEqualTo(SharedLimits.Refusal.SLOTS);
        Thread.sleep(1500);
        assertThat(nodeB.reserve(p, 10, 0).granted()).isTrue();
    }

    @Test
    void theTpmCountsCallsInFlightAtTheirEstimateOnEveryNode() {
        Provider p = provider("kimi", 0, 1000, 0, 0);
        assertThat(nodeA.reserve(p, 300, 0).granted()).isTrue();
        assertThat(nodeB.reserve(p, 300, 0).granted()).isTrue();
        assertThat(nodeA.reserve(p, 300, 0).granted()).isTrue();

        SharedLimits.Hold fourth = nodeB.reserve(p, 300, 0);
        assertThat(fourth.refusal()).isEqualTo(SharedLimits.Refusal.TPM);
        assertThat(fourth.reason()).contains("used 900 of its 1000 tokens per minute");
    }

    @Test
    void theDailyBudgetIsOvershotByAtMostWhatTheCallsInFlightSpendBeyondTheirEstimates() throws Exception {
        // each call is reserved at $0.10 and really costs $0.12: the worst case the bound allows
        Provider p = provider("kimi", 0, 0, 0, 1.0);
        int threads = 8;

        List<SharedLimits.Hold> holds = race(p, 100, 10, 0.10, 0.12);

        double spent = new Jdbc(dbA::dataSource, "test").first("SELECT spent_usd FROM keel_provider_day WHERE provider = 'kimi'",
                r -> r.getDouble(1)).orElseThrow();
        long granted = holds.stream().filter(SharedLimits.Hold::granted).count();
        assertThat(spent).isCloseTo(granted * 0.12, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(spent).isLessThanOrEqualTo(1.0 + threads * (0.12 - 0.10) + 1e-9);
        assertThat(holds).filteredOn(h -> !h.granted()).isNotEmpty()
                .allMatch(h -> h.refusal() == SharedLimits.Refusal.BUDGET);
    }

    @Test
    void aCoolDownSeenByOneNodeStopsTheOther() {
        Provider p = provider("claude", 0, 0, 0, 0);
        nodeA.coolDown("claude", Instant.now().plusSeconds(30));

        SharedLimits.Hold hold = nodeB.reserve(p, 10, 0);
        assertThat(hold.refusal()).isEqualTo(SharedLimits.Refusal.COOLING);
        assertThat(hold.reason()).contains("cools down for");
        assertThat(nodeB.cooling()).containsKey("claude");
    }

    @Test
    void aLocalModelsSlotsStayPerNode() {
        Provider ollama = new Provider("ollama", Provider.Type.OLLAMA, Tier.LOCAL, URI.create("http://127.0.0.1:11434"), null,
                List.of("qwen"), 32_768, Price.FREE, 0.4, 0, 0, 0, 1, true);

        assertThat(nodeA.reserve(ollama, 10, 0).granted()).isTrue();
        assertThat(nodeB.reserve(ollama, 10, 0).granted()).as("node b's own Ollama is not node a's").isTrue();
    }

    @Test
    void aNodeThatCannotReachTheDatabaseRefusesRatherThanSpend() {
        Provider p = provider("kimi", 0, 0, 0, 1.0);
        dbB.close();

        assertThat(nodeB.reserve(p, 10, 0.1).refusal()).isEqualTo(SharedLimits.Refusal.UNREACHABLE);
    }
}
