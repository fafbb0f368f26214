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
    private final LedgerMeters counters;
    private final Clock clock;
    private final ZoneId zone;
    private final GroupCommit<LedgerJournal.Entry> rows;
    /** Embedded H2: rows go to the journal before the answer and to the table in batches (null: each row committed). */
    private final JournalWrites journal;
    private Deque<Tier> recent;
    private Map<Tier, Double> recentShares;
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
        this(dataSource, meters, clock, zone, writer, null, null);
    }

    private CostLedger(Supplier<DataSource> dataSource, MeterRegistry meters, Clock clock, ZoneId zone, java.util.concurrent.Executor writer,
                       LedgerJournal journal, java.util.concurrent.ScheduledExecutorService flusher) {
        this.jdbc = new Jdbc(dataSource, "cost ledger");
        this.counters = new LedgerMeters(meters);
        this.clock = clock;
        this.zone = zone;
        this.rows = new GroupCommit<>(jdbc, CostLedger::insert, batch -> remember(batch.stream().map(LedgerJournal.Entry::call).toList()),
                writer);
        this.journal = journal == null ? null : new JournalWrites(journal, jdbc, flusher);
    }

    /**
     * The embedded database's ledger: each row appended to {@code journal} before {@link #record} returns,
     * then inserted in batches on {@code flusher} (every {@link JournalWrites#FLUSH_MILLIS} ms while rows
     * come); rows a previous run left in the journal are inserted first.
     */
    public static CostLedger journaled(Supplier<DataSource> dataSource, MeterRegistry meters, Clock clock, ZoneId zone,
                                       LedgerJournal journal, java.util.concurrent.ScheduledExecutorService flusher) {
        return new CostLedger(dataSource, meters, clock, zone, Runnable::run, journal, flusher);
    }

    /** Inserts every row still only in the journal (tests, and readers that must see the last calls). */
    public void flush() {
        if (journal != null) {
            journal.flush();
        }
    }

    /** Lets the journal go as a killed process would: nothing flushed, its files left for the next start (tests). */
    void abandon() {
        journal.abandon();
    }

    /** Flushes and closes the journal (Keel stopping); rows it could not insert are read back at the next start. */
    public void close() {
        if (journal != null) {
            journal.close();
        }
    }

    /** Percent of the last successful calls per tier, from memory. */
    public Map<Tier, Double> recentShares() {
        synchronized (this) {
            if (recent != null) {
                if (recentShares == null) { // computed once per change, not on every call's routing decision
                    recentShares = java.util.Collections.unmodifiableMap(shares(recent));
                }
                return recentShares;
            }
        }
        return exclusive(() -> {
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
        return exclusive(() -> {
            synchronized (this) {
                if (!today.equals(day)) {
                    spent = new HashMap<>(spentToday(zone, clock.instant()));
                    day = today;
                }
                return Map.copyOf(spent);
            }
        });
    }

    /**
     * Runs a view's rebuild from the table so each row counts once: with the group commit while no batch is
     * between its commit and remember(); with the journal under this ledger's lock (no row appended meanwhile)
     * after every appended row is in the table.
     */
    private <R> R exclusive(Supplier<R> read) {
        if (journal == null) {
            return rows.exclusive(read);
        }
        synchronized (this) {
            journal.flush();
            return read.get();
        }
    }

    /** The router's views take a batch once it is committed (the group commit calls this before its callers go on). */
    private synchronized void remember(List<Call> calls) {
        for (Call call : calls) {
            if (recent != null && "ok".equals(call.outcome())) {
                recentShares = null;
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
        if (journal == null) {
            rows.write(new LedgerJournal.Entry(CallIds.next().toString(), call, 0));
        } else {
            String id = CallIds.next().toString();
            synchronized (this) { // a view rebuilt under this lock sees the row either in the table or after it
                journal.queued(new LedgerJournal.Entry(id, call, journal.append(id, call)));
                remember(List.of(call));
            }
        }
        counters.count(call);
    }

    static void insert(Connection c, List<LedgerJournal.Entry> batch) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO keel_model_call (call_id, called_at, caller, provider, model, tier, reason, input_tokens,"
                        + " output_tokens, cached_input_tokens, cache_write_tokens, latency_ms, cost_usd, local_call, outcome,"
                        + " tool_calls) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LedgerJournal.Entry entry : batch) {
                Call call = entry.call();
                Jdbc.bind(s, entry.id(), call.at(), call.caller(), call.provider(), call.model(), call.tier().name(),
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
