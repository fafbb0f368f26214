package dev.keel.ledger;

import dev.keel.db.GroupCommit;
import dev.keel.db.Jdbc;
import dev.keel.router.Tier;
import dev.keel.router.Usage;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
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
    private final GroupCommit<Call> rows;
    private Deque<Tier> recent;
    private LocalDate day;
    private Map<String, Double> spent;

    public CostLedger(Supplier<DataSource> dataSource, MeterRegistry meters) {
        this(dataSource, meters, Clock.systemUTC(), ZoneId.systemDefault());
    }

    /** Budgets are per day in {@code zone}; rows are committed by jobs on the common pool. */
    public CostLedger(Supplier<DataSource> dataSource, MeterRegistry meters, Clock clock, ZoneId zone) {
        this(dataSource, meters, clock, zone, java.util.concurrent.ForkJoinPool.commonPool());
    }

    /** As above, rows committed by jobs on {@code writer} (in Keel, a thread of Camel's ExecutorServiceManager). */
    public CostLedger(Supplier<DataSource> dataSource, MeterRegistry meters, Clock clock, ZoneId zone, java.util.concurrent.Executor writer) {
        this.jdbc = new Jdbc(dataSource, "cost ledger");
        this.meters = meters;
        this.clock = clock;
        this.zone = zone;
        this.rows = new GroupCommit<>(jdbc, CostLedger::insert, this::remember, writer);
    }

    /** Percent of the last successful calls per tier, from memory. */
    public Map<Tier, Double> recentShares() {
        synchronized (this) {
            if (recent != null) {
                return shares(recent);
            }
        }
        return rows.exclusive(() -> {
            synchronized (this) {
                if (recent == null) {
                    recent = new ArrayDeque<>(recentTiers(RECENT));
                }
                return shares(recent);
            }
        });
    }

    /** API spend per provider today, from memory; the table is read again when the day changes. */
    public Map<String, Double> spentToday() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        synchronized (this) {
            if (today.equals(day)) {
                return Map.copyOf(spent);
            }
        }
        // read while no batch is between its commit and remember(), so each row counts once
        return rows.exclusive(() -> {
            synchronized (this) {
                if (!today.equals(day)) {
                    spent = new HashMap<>(spentToday(zone, clock.instant()));
                    day = today;
                }
                return Map.copyOf(spent);
            }
        });
    }

    /** The router's views take a batch once it is committed (the group commit calls this before its callers go on). */
    private synchronized void remember(List<Call> calls) {
        for (Call call : calls) {
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
    }

    /**
     * Records a call and returns once its row is committed, so an answer handed back after this is
     * in the ledger even if the process is killed the next instant. Concurrent callers share one
     * commit (see {@link GroupCommit}); a row that cannot be written after retries throws, and the
     * call fails rather than answer unrecorded.
     */
    public void record(Call call) {
        rows.write(call);
        String[] tags = {"provider", call.provider(), "outcome", call.outcome()};
        meters.counter("keel.model.calls", tags).increment();
        meters.counter("keel.model.tokens", "provider", call.provider(), "kind", "input").increment(call.usage().inputTokens());
        meters.counter("keel.model.tokens", "provider", call.provider(), "kind", "output").increment(call.usage().outputTokens());
        meters.counter("keel.model.tokens", "provider", call.provider(), "kind", "cached-input").increment(call.usage().cachedInputTokens());
        meters.counter("keel.model.cost.usd", "provider", call.provider(), "kind", call.local() ? "local-compute" : "api")
                .increment(call.costUsd());
    }

    private static void insert(Connection c, List<Call> batch) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO keel_model_call (call_id, called_at, caller, provider, model, tier, reason, input_tokens,"
                        + " output_tokens, cached_input_tokens, cache_write_tokens, latency_ms, cost_usd, local_call, outcome,"
                        + " tool_calls) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Call call : batch) {
                Jdbc.bind(s, UUID.randomUUID().toString(), call.at(), call.caller(), call.provider(), call.model(), call.tier().name(),
                        call.reason().length() > 2000 ? call.reason().substring(0, 2000) : call.reason(), call.usage().inputTokens(),
                        call.usage().outputTokens(), call.usage().cachedInputTokens(), call.usage().cacheWriteTokens(),
                        call.usage().durationMillis(), call.costUsd(), call.local(), call.outcome(), call.toolCalls());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** API spend per provider since the start of today in {@code zone} (local compute is not budget spend). */
    public Map<String, Double> spentToday(ZoneId zone, Instant now) {
        Instant start = LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
        Map<String, Double> spent = new HashMap<>();
        jdbc.list("SELECT provider, SUM(cost_usd) FROM keel_model_call WHERE called_at >= ? AND local_call = FALSE GROUP BY provider",
                r -> spent.put(r.getString(1), r.getDouble(2)), start);
        return spent;
    }

    /** Percent of the last {@code n} successful calls per tier: the mix governor's view. */
    public Map<Tier, Double> recentShares(int n) {
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
        return jdbc.list("SELECT called_at, caller, provider, model, tier, reason, input_tokens, output_tokens, cached_input_tokens,"
                + " cache_write_tokens, latency_ms, cost_usd, local_call, outcome, tool_calls FROM keel_model_call WHERE called_at >= ?"
                + " ORDER BY called_at", r -> new Call(r.getObject(1, OffsetDateTime.class).toInstant(),
                r.getString(2), r.getString(3), r.getString(4), Tier.valueOf(r.getString(5)), r.getString(6),
                new Usage(r.getLong(7), r.getLong(8), r.getLong(9), r.getLong(10), r.getLong(11)), r.getDouble(12),
                r.getBoolean(13), r.getString(14), r.getInt(15)), from);
    }
}
