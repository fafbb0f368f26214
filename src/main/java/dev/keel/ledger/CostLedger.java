package dev.keel.ledger;

import dev.keel.router.Tier;
import dev.keel.router.Usage;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One row per model call (who asked, which provider and model, why, tokens, latency, cost,
 * outcome), and the Micrometer counters for calls, tokens and cost by provider. It also answers
 * what the router needs to know on every call, from memory: today's spend per provider and the tier
 * mix of recent calls (read from the table once, then kept up to date by {@link #record}).
 */
public final class CostLedger {

    /** How many recent successful calls the mix governor looks at. */
    static final int RECENT = 200;

    /** One call, as recorded. */
    public record Call(Instant at, String caller, String provider, String model, Tier tier, String reason, Usage usage,
                       double costUsd, boolean local, String outcome) {
    }

    private final Supplier<DataSource> dataSource;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ZoneId zone;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CostLedger.class);
    private final java.util.concurrent.BlockingQueue<Call> pending = new java.util.concurrent.LinkedBlockingQueue<>(100_000);
    private final java.util.concurrent.atomic.AtomicLong offered = new java.util.concurrent.atomic.AtomicLong();
    private volatile Thread writer;
    private long written;
    private Deque<Tier> recent;
    private LocalDate day;
    private Map<String, Double> spent;

    public CostLedger(Supplier<DataSource> dataSource, MeterRegistry meters) {
        this(dataSource, meters, Clock.systemUTC(), ZoneId.systemDefault());
    }

    /** Budgets are per day in {@code zone}. */
    public CostLedger(Supplier<DataSource> dataSource, MeterRegistry meters, Clock clock, ZoneId zone) {
        this.dataSource = dataSource;
        this.meters = meters;
        this.clock = clock;
        this.zone = zone;
    }

    /** Percent of the last successful calls per tier, from memory. */
    public synchronized Map<Tier, Double> recentShares() {
        if (recent == null) {
            flush();
            recent = new ArrayDeque<>(recentTiers(RECENT));
        }
        return shares(recent);
    }

    /** API spend per provider today, from memory; the table is read again when the day changes. */
    public synchronized Map<String, Double> spentToday() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        if (!today.equals(day)) {
            flush(); // rows still queued would be missing from the sum
            spent = new HashMap<>(spentToday(zone, clock.instant()));
            day = today;
        }
        return Map.copyOf(spent);
    }

    private synchronized void remember(Call call) {
        if (recent != null && "ok".equals(call.outcome())) {
            recent.addFirst(call.tier());
            if (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
        if (spent != null && !call.local() && LocalDate.ofInstant(call.at(), zone).equals(day)) {
            spent.merge(call.provider(), call.costUsd(), Double::sum);
        }
    }

    /**
     * Records a call: the router's views and the metrics at once, the row by a writer thread that
     * inserts whatever has queued up in one transaction (so a burst costs one commit, and the call's
     * answer does not wait for the disk). {@link #flush()} waits for queued rows; Keel flushes on stop.
     */
    public void record(Call call) {
        offered.incrementAndGet();
        if (!pending.offer(call)) {
            offered.decrementAndGet();
            write(List.of(call)); // the queue is full: the caller pays for its own row rather than lose it
        } else {
            startWriter();
        }
        remember(call);
        String[] tags = {"provider", call.provider(), "outcome", call.outcome()};
        meters.counter("keel.model.calls", tags).increment();
        meters.counter("keel.model.tokens", "provider", call.provider(), "kind", "input").increment(call.usage().inputTokens());
        meters.counter("keel.model.tokens", "provider", call.provider(), "kind", "output").increment(call.usage().outputTokens());
        meters.counter("keel.model.tokens", "provider", call.provider(), "kind", "cached-input").increment(call.usage().cachedInputTokens());
        meters.counter("keel.model.cost.usd", "provider", call.provider(), "kind", call.local() ? "local-compute" : "api")
                .increment(call.costUsd());
    }

    private void write(List<Call> batch) {
        try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO keel_model_call (call_id, called_at, caller, provider, model, tier, reason, input_tokens,"
                        + " output_tokens, cached_input_tokens, cache_write_tokens, latency_ms, cost_usd, local_call, outcome)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                for (Call call : batch) {
                    s.setString(1, UUID.randomUUID().toString());
                    s.setObject(2, call.at().atOffset(ZoneOffset.UTC));
                    s.setString(3, call.caller());
                    s.setString(4, call.provider());
                    s.setString(5, call.model());
                    s.setString(6, call.tier().name());
                    s.setString(7, call.reason().length() > 2000 ? call.reason().substring(0, 2000) : call.reason());
                    s.setLong(8, call.usage().inputTokens());
                    s.setLong(9, call.usage().outputTokens());
                    s.setLong(10, call.usage().cachedInputTokens());
                    s.setLong(11, call.usage().cacheWriteTokens());
                    s.setLong(12, call.usage().durationMillis());
                    s.setDouble(13, call.costUsd());
                    s.setBoolean(14, call.local());
                    s.setString(15, call.outcome());
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cost ledger: " + e.getMessage(), e);
        }
    }

    private void startWriter() {
        if (writer == null) {
            synchronized (pending) {
                if (writer == null) {
                    Thread t = new Thread(this::drain, "keel-cost-ledger");
                    t.setDaemon(true);
                    t.start();
                    writer = t;
                }
            }
        }
    }

    private void drain() {
        List<Call> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(batch, 999);
            for (int attempt = 1; ; attempt++) {
                try {
                    write(batch);
                    break;
                } catch (RuntimeException e) {
                    if (attempt == 3) {
                        LOG.error("Cost ledger: {} rows not written after 3 attempts: {}", batch.size(), e.getMessage());
                        break;
                    }
                    LOG.warn("Cost ledger: writing {} rows failed, retrying: {}", batch.size(), e.getMessage());
                    try {
                        Thread.sleep(200L * attempt);
                    } catch (InterruptedException stop) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            synchronized (pending) {
                written += batch.size();
                pending.notifyAll();
            }
            batch.clear();
        }
    }

    /** Waits until every call recorded so far is in the table (at most 10 s). */
    public void flush() {
        long target = offered.get();
        long deadline = System.currentTimeMillis() + 10_000;
        synchronized (pending) {
            while (written < target && System.currentTimeMillis() < deadline) {
                try {
                    pending.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** API spend per provider since the start of today in {@code zone} (local compute is not budget spend). */
    public Map<String, Double> spentToday(ZoneId zone, Instant now) {
        flush();
        Instant start = LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
        Map<String, Double> spent = new HashMap<>();
        query("SELECT provider, SUM(cost_usd) FROM keel_model_call WHERE called_at >= ? AND local_call = FALSE GROUP BY provider",
                start, r -> spent.put(r.getString(1), r.getDouble(2)));
        return spent;
    }

    /** Percent of the last {@code n} successful calls per tier: the mix governor's view. */
    public Map<Tier, Double> recentShares(int n) {
        flush();
        return shares(recentTiers(n));
    }

    private static Map<Tier, Double> shares(java.util.Collection<Tier> tiers) {
        Map<Tier, Double> shares = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            long count = tiers.stream().filter(tier::equals).count();
            shares.put(tier, tiers.isEmpty() ? 0.0 : 100.0 * count / tiers.size());
        }
        return shares;
    }

    private List<Tier> recentTiers(int n) {
        List<Tier> tiers = new ArrayList<>();
        try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT tier FROM keel_model_call WHERE outcome = 'ok' ORDER BY called_at DESC")) {
            s.setMaxRows(n);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    tiers.add(Tier.valueOf(r.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cost ledger: " + e.getMessage(), e);
        }
        return tiers;
    }

    /** Every call since {@code from}, oldest first, for TELEMETRY.md. */
    public List<Call> since(Instant from) {
        flush();
        List<Call> calls = new ArrayList<>();
        query("SELECT called_at, caller, provider, model, tier, reason, input_tokens, output_tokens, cached_input_tokens,"
                + " cache_write_tokens, latency_ms, cost_usd, local_call, outcome FROM keel_model_call WHERE called_at >= ?"
                + " ORDER BY called_at", from, r -> calls.add(new Call(r.getObject(1, OffsetDateTime.class).toInstant(),
                r.getString(2), r.getString(3), r.getString(4), Tier.valueOf(r.getString(5)), r.getString(6),
                new Usage(r.getLong(7), r.getLong(8), r.getLong(9), r.getLong(10), r.getLong(11)), r.getDouble(12),
                r.getBoolean(13), r.getString(14))));
        return calls;
    }

    interface Row {
        void read(ResultSet r) throws SQLException;
    }

    private void query(String sql, Instant from, Row row) {
        try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, from.atOffset(ZoneOffset.UTC));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    row.read(r);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cost ledger: " + e.getMessage(), e);
        }
    }
}
