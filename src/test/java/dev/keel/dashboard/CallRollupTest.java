package dev.keel.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.boot.KeelSettings;
import dev.keel.db.KeelDatabase;
import dev.keel.ledger.CostLedger;
import dev.keel.router.Tier;
import dev.keel.router.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rollups against the real migrations on H2: each ledger row counted once, the calls page paged by keyset. */
class CallRollupTest {

    @TempDir
    Path home;

    private KeelDatabase db;
    private CostLedger ledger;
    private CallRollup rollup;

    @BeforeEach
    void open() {
        Map<String, String> settings = new java.util.HashMap<>(database());
        settings.put("keel.home", home.toString());
        db = KeelDatabase.open(KeelSettings.of(settings));
        ledger = new CostLedger(db::dataSource, new SimpleMeterRegistry());
        rollup = new CallRollup(db::dataSource);
    }

    /** The database the tests run on: an H2 file here, PostgreSQL in {@link PostgresCallRollupTest}. */
    protected Map<String, String> database() {
        return Map.of("keel.db.url", "jdbc:h2:file:./data/keel", "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void call(String at, String agent, String provider, String outcome, long ms, double cost) {
        ledger.record(new CostLedger.Call(Instant.parse(at), agent, provider, "m", Tier.REASONING, "because", new Usage(100, 50, 20, 0, ms),
                cost, false, outcome));
    }

    @Test
    void aRunOnlyRollsUpWhatThePreviousRunSaw() {
        call("2026-06-02T10:15:00Z", "a1", "kimi", "ok", 300, 0.01);
        assertThat(rollup.run()).as("the first run only notes the ledger's end").isZero();
        call("2026-06-02T10:20:00Z", "a1", "kimi", "ok", 300, 0.01);
        assertThat(rollup.run()).as("the row the first run saw").isEqualTo(1);
        assertThat(rollup.run()).as("the row the second run saw").isEqualTo(1);
        assertThat(rollup.run()).isZero();
    }

    @Test
    void everyLedgerRowCountsOnceInTheHourAndTheDay() {
        call("2026-06-02T10:15:00Z", "a1", "kimi", "ok", 300, 0.01);
        call("2026-06-02T10:45:00Z", "a1", "kimi", "error", 3_000, 0.0);
        call("2026-06-02T11:05:00Z", "a2", "kimi", "ok", 90, 0.02);
        assertThat(rollup.catchUp()).isEqualTo(3);
        call("2026-06-02T11:10:00Z", "a2", "kimi", "ok", 90, 0.02);
        assertThat(rollup.catchUp()).isEqualTo(1);
        assertThat(rollup.catchUp()).isZero();

        CallStats stats = new CallStats(db::dataSource, rollup);
        Map<String, Object> day = stats.perProvider("day", Instant.parse("2026-06-02T00:00:00Z")).get("kimi");
        assertThat(day).containsEntry("calls", 4L).containsEntry("errors", 1L).containsEntry("cost", "$0.05");
        Map<String, Object> hour = stats.perProvider("hour", Instant.parse("2026-06-02T11:00:00Z")).get("kimi");
        assertThat(hour).containsEntry("calls", 2L).containsEntry("p95", "≤ 100 ms");

        Map<String, Object> spend = stats.spend(CallFilter.of(Map.of()), Instant.parse("2026-06-01T00:00:00Z"));
        @SuppressWarnings("unchecked")
        var agents = (java.util.List<Map<String, Object>>) spend.get("agents");
        assertThat(agents).extracting(a -> a.get("agent")).containsExactly("a2", "a1");
        assertThat((double) agents.get(0).get("costUsd")).isCloseTo(0.04, within(1e-9));
    }

    @Test
    void rowsPastTheWatermarkCountLiveWithoutARun() {
        call("2026-06-02T10:15:00Z", "a1", "kimi", "ok", 300, 0.01);
        rollup.catchUp();
        call("2026-06-02T10:16:00Z", "a1", "kimi", "ok", 300, 0.01);
        Map<String, Object> hour = new CallStats(db::dataSource, rollup).perProvider("hour", Instant.parse("2026-06-02T10:00:00Z")).get("kimi");
        assertThat(hour).containsEntry("calls", 2L);
    }

    @Test
    void pagesFollowTheKeysetNewestFirstWithFilters() {
        for (int i = 0; i < 7; i++) {
            call("2026-06-02T10:%02d:00Z".formatted(i), i % 2 == 0 ? "even" : "odd", "kimi", "ok", 100, 0.001);
        }
        CallsQuery calls = new CallsQuery(db::dataSource);
        CallsQuery.Page first = calls.page(CallFilter.of(Map.of("agent", "even")), null, 3);
        assertThat(first.rows()).extracting(CallsQuery.Row::agent).containsOnly("even");
        assertThat(first.rows()).extracting(r -> r.at().toString()).containsExactly("2026-06-02T10:06:00Z", "2026-06-02T10:04:00Z",
                "2026-06-02T10:02:00Z");
        CallsQuery.Page second = calls.page(CallFilter.of(Map.of("agent", "even")), first.next(), 3);
        assertThat(second.rows()).extracting(r -> r.at().toString()).containsExactly("2026-06-02T10:00:00Z");
        assertThat(second.next()).isNull();
        assertThat(calls.page(CallFilter.of(Map.of("day", "2026-06-03")), null, 50).rows()).isEmpty();
        assertThat(calls.page(CallFilter.of(Map.of("day", "2026-06-02", "tier", "reasoning")), null, 50).rows()).hasSize(7);
    }
}
