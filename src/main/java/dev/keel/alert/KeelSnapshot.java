package dev.keel.alert;

import dev.keel.db.Jdbc;
import dev.keel.guard.ResourceGuard;
import dev.keel.health.DiskUsage;
import dev.keel.health.HealthPoll;
import dev.keel.health.HostSample;
import dev.keel.ledger.CostLedger;
import dev.keel.night.NightRunLog;
import dev.keel.router.Cooldowns;
import dev.keel.router.Provider;
import dev.keel.router.RouterConfig;
import dev.keel.secrets.SecretsAudit;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot of a running Keel: the guard, each provider's circuit, Retry-After wait, last-five-minute calls and spend
 * against its budget, the content queue, the last night run, the health poll, overdue secrets and free disk. A part that
 * fails to read is null (the rules over it wait) and logged once until it reads again.
 */
public final class KeelSnapshot implements SnapshotSource {

    private static final Logger LOG = LoggerFactory.getLogger(KeelSnapshot.class);

    /** What the snapshot reads; {@code circuits} are the provider routes' circuit breakers by provider name. */
    public record Parts(ResourceGuard guard, Supplier<RouterConfig> router, Map<String, CircuitBreaker> circuits, Cooldowns cooldowns,
                        CostLedger ledger, Supplier<DataSource> database, NightRunLog night, HealthPoll health, Duration healthInterval,
                        Instant runningSince, SecretsAudit secrets) {
    }

    private final Parts parts;
    private final Jdbc jdbc;
    private final Map<String, String> failing = new HashMap<>();
    private final CallWindow window;

    public KeelSnapshot(Parts parts) {
        this.parts = parts;
        this.jdbc = new Jdbc(parts.database(), "alert snapshot");
        this.window = new CallWindow(jdbc);
    }

    @Override
    public Snapshot read(Instant now) {
        return new Snapshot(part("guard", () -> parts.guard().state().level()), part("providers", () -> providers(now)),
                part("queue", () -> queue(now)), part("night", this::night), part("health", this::health),
                part("secrets", () -> parts.secrets().overdue(now)), part("disks", this::disks));
    }

    private Map<String, Snapshot.ProviderState> providers(Instant now) {
        Map<String, long[]> calls = window.counts(now);
        Map<String, Double> spent = parts.ledger().spentToday();
        Map<String, Snapshot.ProviderState> providers = new TreeMap<>();
        for (Provider p : parts.router().get().providers()) {
            CircuitBreaker circuit = parts.circuits().get(p.name());
            boolean open = circuit != null && (circuit.getState() == CircuitBreaker.State.OPEN
                    || circuit.getState() == CircuitBreaker.State.FORCED_OPEN);
            long[] c = calls.getOrDefault(p.name(), new long[2]);
            providers.put(p.name(), new Snapshot.ProviderState(open, parts.cooldowns().remaining(p.name()), c[0], c[1],
                    spent.getOrDefault(p.name(), 0.0), p.dailyBudgetUsd()));
        }
        return providers;
    }

    /** Ready means queued, running, or waiting with its retry time passed; the queue moved when a task ended or was queued. */
    private Snapshot.Queue queue(Instant now) {
        Instant queued = lastQueued();
        // one row of sub-selects (H2 and PostgreSQL both take SELECT without FROM); MAX of no rows is NULL. Two counts
        // rather than one with OR, so each reads the (state, ...) index; MAX(finished_at) reads its index (V22)
        return jdbc.list("SELECT (SELECT COUNT(*) FROM keel_content_task WHERE state IN ('queued', 'running')) + (SELECT COUNT(*)"
                + " FROM keel_content_task WHERE state = 'waiting' AND not_before <= ?), (SELECT MAX(finished_at) FROM keel_content_task)",
                r -> {
                    Instant ended = instant(r.getObject(2, OffsetDateTime.class));
                    Instant moved = ended == null ? queued : queued == null || ended.isAfter(queued) ? ended : queued;
                    return new Snapshot.Queue(r.getLong(1), moved);
                }, now).get(0);
    }

    /** How many of the newest rows (by queued_at, V23's index) are read for a not-ended one before the full MAX is asked. */
    private static final int NEWEST = 64;
    private static final Set<String> READY = Set.of("queued", "waiting", "running");

    /** When the newest queued, waiting or running task was queued (null: none is). */
    private Instant lastQueued() {
        // the newest rows by the index, in order: the first not-ended one is the MAX. While a batch runs one is nearly
        // always among them; else (its newest tasks all ended) the MAX over the ready rows' (state, ...) index answers
        List<Instant> open = jdbc.list("SELECT state, queued_at FROM keel_content_task ORDER BY queued_at DESC FETCH FIRST " + NEWEST
                + " ROWS ONLY", r -> READY.contains(r.getString(1)) ? instant(r.getObject(2, OffsetDateTime.class)) : null);
        for (Instant queued : open) {
            if (queued != null) {
                return queued;
            }
        }
        return open.size() < NEWEST ? null : jdbc.list("SELECT MAX(queued_at) FROM keel_content_task WHERE state IN ('queued', 'waiting',"
                + " 'running')", r -> instant(r.getObject(1, OffsetDateTime.class))).get(0);
    }

    private Snapshot.Night night() {
        List<NightRunLog.Run> runs = parts.night().recent(1);
        if (runs.isEmpty()) {
            return new Snapshot.Night(null, false, false, "");
        }
        NightRunLog.Run last = runs.get(0);
        return new Snapshot.Night(last.finished(), "FAILED".equals(last.outcome()), last.steps().contains("backup failed"), last.steps());
    }

    private Snapshot.Health health() {
        return new Snapshot.Health(parts.health().latest().map(HostSample::at).orElse(null), parts.healthInterval(), parts.runningSince());
    }

    private Map<String, Double> disks() {
        HostSample sample = parts.health().latest().orElse(null);
        if (sample == null) {
            return null;
        }
        Map<String, Double> free = new TreeMap<>();
        for (DiskUsage d : sample.disks()) {
            if (d.totalBytes() > 0) {
                free.put(d.folder(), 100.0 * d.freeBytes() / d.totalBytes());
            }
        }
        return free;
    }

    private <T> T part(String name, Supplier<T> read) {
        try {
            T value = read.get();
            if (failing.remove(name) != null) {
                LOG.info("Alert input {} reads again", name);
            }
            return value;
        } catch (RuntimeException e) {
            String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!problem.equals(failing.put(name, problem))) {
                LOG.warn("Alert input {} cannot be read, its rules wait: {}", name, problem);
            }
            return null;
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
