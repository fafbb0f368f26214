package dev.keel.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.boot.KeelSettings;
import dev.keel.db.Jdbc;
import dev.keel.db.KeelDatabase;
import dev.keel.ledger.CostLedger;
import dev.keel.night.NightRunLog;
import dev.keel.router.Cooldowns;
import dev.keel.router.RouterConfig;
import dev.keel.support.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live snapshot's SQL and views on a real (H2) database: calls of the last five minutes, spend, circuits, queue, night run. */
class KeelSnapshotTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path home;
    KeelDatabase db;
    Jdbc jdbc;
    ManualClock clock = new ManualClock(NOW);

    @BeforeEach
    void open() {
        db = KeelDatabase.open(KeelSettings.of(Map.of("keel.home", home.toString(), "keel.db.url", "jdbc:h2:file:./data/keel",
                "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD")));
        jdbc = new Jdbc(db::dataSource, "test");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void call(String provider, Instant at, String outcome, double cost) {
        jdbc.update("INSERT INTO keel_model_call (call_id, called_at, caller, provider, model, tier, reason, input_tokens, output_tokens,"
                + " cached_input_tokens, cache_write_tokens, latency_ms, cost_usd, local_call, outcome) VALUES (?, ?, 'agent', ?, 'm',"
                + " 'reasoning', 'r', 1, 1, 0, 0, 10, ?, false, ?)", java.util.UUID.randomUUID().toString(), at, provider, cost, outcome);
    }

    private void task(String id, String state, Instant queued, Instant finished) {
        jdbc.update("INSERT INTO keel_content_task (batch_id, task_id, state, priority, input_sha256, spec, attempts, queued_at, finished_at)"
                + " VALUES ('b', ?, ?, 5, ?, '{}', 0, ?, ?)", id, state, "0".repeat(64), queued, finished);
    }

    private KeelSnapshot snapshot(Map<String, CircuitBreaker> circuits, Cooldowns cooldowns) {
        CostLedger ledger = new CostLedger(db::dataSource, new SimpleMeterRegistry(), clock, ZoneOffset.UTC);
        return new KeelSnapshot(new KeelSnapshot.Parts(null, () -> RouterConfig.load(null), circuits, cooldowns, ledger, db::dataSource,
                new NightRunLog(db::dataSource), null, Duration.ofMinutes(5), NOW, null));
    }

    @Test
    void providersCarryTheirLastFiveMinutesTheirSpendAndTheirCircuits() {
        call("kimi", NOW.minusSeconds(60), "ok", 15.0);
        call("kimi", NOW.minusSeconds(30), "failed", 0);
        call("kimi", NOW.minusSeconds(20), "rate-limited", 0);
        call("kimi", NOW.minusSeconds(600), "failed", 2.0);
        CircuitBreaker claude = CircuitBreaker.ofDefaults("claude");
        claude.transitionToOpenState();
        Cooldowns cooldowns = new Cooldowns(clock);
        cooldowns.note("ollama", 429, "30", null);

        Snapshot s = snapshot(Map.of("claude", claude), cooldowns).read(NOW);

        assertThat(s.providers().get("kimi")).isEqualTo(new Snapshot.ProviderState(false, Duration.ZERO, 3, 2, 17.0, 20));
        assertThat(s.providers().get("claude").circuitOpen()).isTrue();
        assertThat(s.providers().get("ollama").coolingDown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.guard()).as("no guard wired: unknown, not OK").isNull();
    }

    @Test
    void theQueueMovedWhenATaskLastEndedOrWasQueued() {
        task("t1", "done", NOW.minusSeconds(3600), NOW.minusSeconds(1800));
        task("t2", "queued", NOW.minusSeconds(2400), null);
        task("t3", "night", NOW.minusSeconds(60), null);

        Snapshot.Queue queue = snapshot(Map.of(), new Cooldowns(clock)).read(NOW).queue();

        assertThat(queue).isEqualTo(new Snapshot.Queue(1, NOW.minusSeconds(1800)));
    }

    @Test
    void theNewestReadyTaskCountsWhereverItIsBehindTheEndedOnes() {
        task("old", "waiting", NOW.minusSeconds(7200), null);
        task("ready", "queued", NOW.minusSeconds(5000), null);
        for (int i = 0; i < 100; i++) {
            task("e" + i, "done", NOW.minusSeconds(4000 - i), NOW.minusSeconds(6000));
        }
        Snapshot.Queue behind = snapshot(Map.of(), new Cooldowns(clock)).read(NOW).queue();
        task("new", "running", NOW.minusSeconds(3000 - 1), null);
        task("newest", "done", NOW.minusSeconds(10), NOW.minusSeconds(5500));
        Snapshot.Queue among = snapshot(Map.of(), new Cooldowns(clock)).read(NOW).queue();

        assertThat(behind).isEqualTo(new Snapshot.Queue(1, NOW.minusSeconds(5000)));
        assertThat(among).isEqualTo(new Snapshot.Queue(2, NOW.minusSeconds(2999)));
    }

    @Test
    void anEmptyQueueIsKnownAndStill() {
        assertThat(snapshot(Map.of(), new Cooldowns(clock)).read(NOW).queue()).isEqualTo(new Snapshot.Queue(0, null));
    }

    @Test
    void theLastNightRunTellsAFailedBackupApart() {
        NightRunLog log = new NightRunLog(db::dataSource);
        log.record(new NightRunLog.Run(NOW.minusSeconds(90_000), NOW.minusSeconds(89_000), "cron", "OK", "backup ok, telemetry ok"));
        log.record(new NightRunLog.Run(NOW.minusSeconds(3_600), NOW.minusSeconds(3_000), "cron", "FAILED", "backup failed, telemetry ok"));

        Snapshot.Night night = snapshot(Map.of(), new Cooldowns(clock)).read(NOW).night();

        assertThat(night).isEqualTo(new Snapshot.Night(NOW.minusSeconds(3_000), true, true, "backup failed, telemetry ok"));
    }
}
