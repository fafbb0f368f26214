package dev.keel.ledger;

import dev.keel.router.RouterConfig;
import dev.keel.router.Tier;
import dev.keel.router.Usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.boot.KeelSettings;
import dev.keel.db.KeelDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostLedgerTest {

    @TempDir
    Path home;

    private KeelDatabase db;
    private CostLedger ledger;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Instant now = Instant.parse("2026-06-02T12:00:00Z");

    @BeforeEach
    void open() {
        db = KeelDatabase.open(KeelSettings.of(Map.of("keel.home", home.toString(), "keel.db.url", "jdbc:h2:file:./data/keel",
                "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD")));
        ledger = new CostLedger(db::dataSource, meters);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void call(String at, String provider, Tier tier, long ms, double cost, boolean local, String outcome) {
        ledger.record(new CostLedger.Call(Instant.parse(at), "agent-7", provider, "m", tier, "because", new Usage(100, 50, 20, 0, ms),
                cost, local, outcome));
    }

    @Test
    void todaysSpendCountsApiCallsOfTodayOnly() {
        call("2026-06-01T23:59:00Z", "kimi", Tier.REASONING, 900, 5.0, false, "ok");
        call("2026-06-02T08:00:00Z", "kimi", Tier.REASONING, 900, 0.25, false, "ok");
        call("2026-06-02T09:00:00Z", "kimi", Tier.REASONING, 900, 0.50, false, "rate-limited");
        call("2026-06-02T10:00:00Z", "ollama", Tier.LOCAL, 9000, 0.001, true, "ok");

        assertThat(ledger.spentToday(ZoneOffset.UTC, now)).containsOnlyKeys("kimi");
        assertThat(ledger.spentToday(ZoneOffset.UTC, now).get("kimi")).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void recentSharesAreTheMixOfTheLastSuccessfulCalls() {
        for (int i = 0; i < 8; i++) {
            call("2026-06-02T10:0" + i + ":00Z", "ollama", Tier.LOCAL, 100, 0.0001, true, "ok");
        }
        call("2026-06-02T11:00:00Z", "kimi", Tier.REASONING, 100, 0.01, false, "ok");
        call("2026-06-02T11:01:00Z", "claude", Tier.CRITICAL, 100, 0.05, false, "ok");
        call("2026-06-02T11:02:00Z", "claude", Tier.CRITICAL, 100, 0.05, false, "failed");

        assertThat(ledger.recentShares(10)).containsEntry(Tier.LOCAL, 80.0).containsEntry(Tier.REASONING, 10.0)
                .containsEntry(Tier.CRITICAL, 10.0);
    }

    @Test
    void everyCallCountsInTheMetricsAndInTelemetry() {
        call("2026-06-02T10:00:00Z", "claude", Tier.CRITICAL, 1000, 0.02, false, "ok");
        call("2026-06-02T10:01:00Z", "claude", Tier.CRITICAL, 3000, 0.03, false, "ok");
        call("2026-06-02T10:02:00Z", "ollama", Tier.LOCAL, 8000, 0.0009, true, "ok");

        assertThat(meters.counter("keel.model.calls", "provider", "claude", "outcome", "ok").count()).isEqualTo(2);
        assertThat(meters.counter("keel.model.cost.usd", "provider", "claude", "kind", "api").count()).isCloseTo(0.05, within(1e-9));
        assertThat(meters.counter("keel.model.tokens", "provider", "ollama", "kind", "cached-input").count()).isEqualTo(20);

        String md = TelemetryReport.render(ledger.since(Instant.parse("2026-06-01T00:00:00Z")),
                RouterConfig.load(null).targetMix(), 7, ZoneOffset.UTC, now);
        assertThat(md).contains("| 2026-06-02 | claude | 2 | 0 | 200 | 100 | 40 | $0.05 | $0.00 |",
                "| local | 1 | 33.3 % | 80 % |", "| critical | 2 | 66.7 % | 5 % |", "| claude | 2 | 1000 ms | 3000 ms |",
                "Total: $0.05 API spend, $0.0009 local compute.");
    }

    @Test
    void aRecordedCallIsInTheTableWhenRecordReturns() {
        call("2026-06-02T10:00:00Z", "kimi", Tier.REASONING, 900, 0.25, false, "ok");

        // a second pool, as another process would read it: no flush, nothing shared in memory
        assertThat(new dev.keel.db.Jdbc(db::dataSource, "reader").list("SELECT provider FROM keel_model_call", r -> r.getString(1)))
                .containsExactly("kimi");
    }

    @Test
    void theSpendViewCountsEachCallOnceWhileCallsAreBeingRecorded() throws Exception {
        CostLedger live = new CostLedger(db::dataSource, meters, java.time.Clock.fixed(now, ZoneOffset.UTC), ZoneOffset.UTC,
                java.util.concurrent.Executors.newSingleThreadExecutor());
        java.util.concurrent.ExecutorService agents = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int a = 0; a < 4; a++) {
            done.add(agents.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    live.record(new CostLedger.Call(now, "agent", "kimi", "m", Tier.REASONING, "r", new Usage(1, 1, 0, 0, 1), 0.01,
                            false, "ok"));
                }
            }));
        }
        Map<String, Double> early = live.spentToday(); // the view is built from the table while rows are still coming
        for (java.util.concurrent.Future<?> f : done) {
            f.get();
        }
        agents.shutdown();

        assertThat(early.getOrDefault("kimi", 0.0)).isLessThanOrEqualTo(2.0 + 1e-9);
        assertThat(live.spentToday().get("kimi")).isCloseTo(2.0, within(1e-9));
        assertThat(live.spentToday(ZoneOffset.UTC, now).get("kimi")).isCloseTo(2.0, within(1e-9));
    }
}
