package dev.keel.ledger;

import dev.keel.db.Jdbc;
import dev.keel.router.Tier;
import dev.keel.router.Usage;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
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
                       double costUsd, boolean local, String outcome, int toolCalls) {
        public Call(Instant at, String caller, String provider, String model, Tier tier, String reason, Usage usage,
                    double costUsd, boolean local, String outcome) {
            this(at, caller, provider, model, tier, reason, usage, costUsd, local, outcome, 0);
        }
    }

    private final Jdbc jdbc;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ZoneId zone;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CostLedger.class);
    private final java.util.concurrent.BlockingQueue<Call> pending = new java.util.concurrent.LinkedBlockingQueue<>(100_000);
    private final java.util.concurrent.atomic.AtomicLong offered = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.Executor writer;
    private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
    private long written;
    private Deque<Tier> recent;
    private LocalDate day;
    private Map<String, Double> spent;

    public CostLedger(Supplier<DataSource> dataSource, MeterRegistry meters) {
        this(dataSource, meters, Clock.systemUTC(), ZoneId.systemDefault());
    }

    /** Budgets are per day in {@code zone}; rows are written on the common pool. */
    public CostLedger(Supplier<DataSource> dataSource, MeterRegistry meters, Clock clock, ZoneId zone) {
        this(dataSource, meters, clock, zone, java.util.concurrent.ForkJoinPool.commonPool());
    }

    /** As above, rows written by jobs on {@code writer} (in Keel, a thread of Camel's ExecutorServiceManager). */
    public CostLedger(Supplier<DataSource> dataSource, MeterRegistry meters, Clock clock, ZoneId zone, java.util.concurrent.Executor writer) {
        this.jdbc = new Jdbc(dataSource, "cost ledger");
        this.meters = meters;
        this.clock = clock;
        this.zone = zone;
        this.writer = writer;
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
        jdbc.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO keel_model_call (call_id, called_at, caller, provider, model, tier, reason, input_tokens,"
                            + " output_tokens, cached_input_tokens, cache_write_tokens, latency_ms, cost_usd, local_call, outcome,"
                            + " tool_calls) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Call call : batch) {
                    Jdbc.bind(s, UUID.randomUUID().toString(), call.at(), call.caller(), call.provider(), call.model(), call.tier().name(),
                            call.reason().length() > 2000 ? call.reason().substring(0, 2000) : call.reason(), call.usage().inputTokens(), call.usage().outputTokens(), call.usage().cachedInputTokens(),
                            call.usage().cacheWriteTokens(), call.usage().durationMillis(), call.costUsd(), call.local(), call.outcome(),
                            call.toolCalls());
                    s.addBatch();
                }
                return s.executeBatch();
            }
        });
    }

    /** One drain job at a time; it ends when the queue is empty, so it holds no thread while nothing is recorded. */
    private void startWriter() {
        if (draining.compareAndSet(false, true)) {
            try {
                writer.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                drain(); // the writer's pool is shutting down: the caller writes what is queued
            }
        }
    }

    private void drain() {
        do {
            List<Call> batch = new ArrayList<>();
            while (pending.drainTo(batch, 1000) > 0) {
                writeWithRetries(batch);
                synchronized (pending) {
                    written += batch.size();
                    pending.notifyAll();
                }
                batch.clear();
            }
            draining.set(false);
            // a call queued between the last drainTo and the reset finds draining still set: take it here
        } while (!pending.isEmpty() && draining.compareAndSet(false, true));
    }

    private void writeWithRetries(List<Call> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                write(batch);
                return;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    LOG.error("Cost ledger: {} rows not written after 3 attempts: {}", batch.size(), e.getMessage());
                    return;
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
        jdbc.list("SELECT provider, SUM(cost_usd) FROM keel_model_call WHERE called_at >= ? AND local_call = FALSE GROUP BY provider",
                r -> spent.put(r.getString(1), r.getDouble(2)), start);
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
        return jdbc.top(n, "SELECT tier FROM keel_model_call WHERE outcome = 'ok' ORDER BY called_at DESC", r -> Tier.valueOf(r.getString(1)));
    }

    /** Every call since {@code from}, oldest first, for TELEMETRY.md. */
    public List<Call> since(Instant from) {
        flush();
        return jdbc.list("SELECT called_at, caller, provider, model, tier, reason, input_tokens, output_tokens, cached_input_tokens,"
                + " cache_write_tokens, latency_ms, cost_usd, local_call, outcome, tool_calls FROM keel_model_call WHERE called_at >= ?"
                + " ORDER BY called_at", r -> new Call(r.getObject(1, OffsetDateTime.class).toInstant(),
                r.getString(2), r.getString(3), r.getString(4), Tier.valueOf(r.getString(5)), r.getString(6),
                new Usage(r.getLong(7), r.getLong(8), r.getLong(9), r.getLong(10), r.getLong(11)), r.getDouble(12),
                r.getBoolean(13), r.getString(14), r.getInt(15)), from);
    }
}
