package dev.keel.dashboard;

import dev.keel.db.Jdbc;
import dev.keel.ledger.Money;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Aggregates for the overview and the calls page, from the rollup tables plus the few ledger rows the rollup has not
 * reached yet (read by sequence, past the watermark), so figures are live and never scan the ledger.
 */
public final class CallStats {

    private static final String HISTOGRAM = "SUM(lat_0), SUM(lat_1), SUM(lat_2), SUM(lat_3), SUM(lat_4), SUM(lat_5), SUM(lat_6),"
            + " SUM(lat_7), SUM(lat_8), SUM(lat_9)";

    private final Jdbc jdbc;
    private final CallRollup rollup;

    public CallStats(Supplier<DataSource> dataSource, CallRollup rollup) {
        this.jdbc = new Jdbc(dataSource, "call stats");
        this.rollup = rollup;
    }

    /** The rolled-up part of {@link #perProvider}: per provider, its sums and its failed calls. */
    private record Rolled(Map<String, CallRollup.Sums> sums, Map<String, Long> errors) {
    }

    /** A rollup read, valid while the watermark it was read at stands (the rollup tables change only when it moves). */
    private record Memo(long mark, Object value) {
    }

    private final Map<String, Memo> memo = new ConcurrentHashMap<>();

    /** Per provider since {@code from} (hour-aligned for "hour", day-aligned for "day"): calls, errors, cost, p50, p95. */
    public Map<String, Map<String, Object>> perProvider(String table, Instant from) {
        long mark = rollup.mark();
        // the 30-day read sums tens of thousands of rollup rows (50 ms on PostgreSQL at 1,000,000 calls): once per watermark
        Rolled rolled = memo(table, from, mark, () -> rolled(table, from));
        Map<String, CallRollup.Sums> ok = new TreeMap<>();
        rolled.sums().forEach((provider, sums) -> ok.put(provider, sums.copy()));
        Map<String, Long> errors = new TreeMap<>(rolled.errors());
        // by sequence only: with a time condition too the database may prefer the time index and read the whole window
        jdbc.list("SELECT provider, outcome, cost_usd, latency_ms, called_at FROM keel_model_call WHERE seq > ?", r -> {
            if (!r.getObject(5, OffsetDateTime.class).toInstant().isBefore(from)) {
                ok.computeIfAbsent(r.getString(1), p -> new CallRollup.Sums()).add(0, 0, 0, r.getDouble(3), r.getLong(4));
                if (!"ok".equals(r.getString(2))) {
                    errors.merge(r.getString(1), 1L, Long::sum);
                }
            }
            return null;
        }, mark);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        ok.forEach((provider, s) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("calls", s.calls);
            row.put("errors", errors.getOrDefault(provider, 0L));
            row.put("cost", Money.usd(s.cost));
            row.put("p50", Latency.label(Latency.percentile(s.histogram, 0.50)));
            row.put("p95", Latency.label(Latency.percentile(s.histogram, 0.95)));
            out.put(provider, row);
        });
        return out;
    }

    /** {@code read}'s value for ({@code kind}, {@code from}) as of watermark {@code mark}; one entry per kind is kept. */
    @SuppressWarnings("unchecked")
    private <T> T memo(String kind, Instant from, long mark, Supplier<T> read) {
        String key = kind + "|" + from;
        Memo m = memo.get(key);
        if (m == null || m.mark() != mark) {
            memo.keySet().removeIf(k -> k.startsWith(kind + "|"));
            m = new Memo(mark, read.get());
            memo.put(key, m);
        }
        return (T) m.value();
    }

    private Rolled rolled(String table, Instant from) {
        Map<String, CallRollup.Sums> ok = new TreeMap<>();
        Map<String, Long> errors = new TreeMap<>();
        jdbc.list("SELECT provider, outcome, SUM(calls), SUM(cost_usd), " + HISTOGRAM + " FROM keel_call_rollup_" + table
                + " WHERE bucket >= ? GROUP BY provider, outcome", r -> {
                    CallRollup.Sums s = ok.computeIfAbsent(r.getString(1), p -> new CallRollup.Sums());
                    s.calls += r.getLong(3);
                    s.cost += r.getDouble(4);
                    for (int i = 0; i < s.histogram.length; i++) {
                        s.histogram[i] += r.getLong(5 + i);
                    }
                    if (!"ok".equals(r.getString(2))) {
                        errors.merge(r.getString(1), r.getLong(3), Long::sum);
                    }
                    return null;
                }, from);
        return new Rolled(ok, errors);
    }

    /** Calls and errors per hour since {@code from}, oldest first: the overview's chart (rolled-up hours only). */
    public Map<String, Object> hourly(Instant from) {
        Instant hour = from.truncatedTo(ChronoUnit.HOURS);
        return memo("hourly", hour, rollup.mark(), () -> readHourly(hour));
    }

    private Map<String, Object> readHourly(Instant hour) {
        List<Long> at = new ArrayList<>();
        List<Long> calls = new ArrayList<>();
        List<Long> errors = new ArrayList<>();
        jdbc.list("SELECT bucket, SUM(calls), SUM(CASE WHEN outcome = 'ok' THEN 0 ELSE calls END) FROM keel_call_rollup_hour"
                + " WHERE bucket >= ? GROUP BY bucket ORDER BY bucket", r -> {
                    at.add(r.getObject(1, OffsetDateTime.class).toInstant().getEpochSecond());
                    calls.add(r.getLong(2));
                    errors.add(r.getLong(3));
                    return null;
                }, hour);
        return Map.of("at", List.copyOf(at), "calls", List.copyOf(calls), "errors", List.copyOf(errors));
    }

    /** Spend per agent and per day over the filter (rollup_day), biggest spender first; one read of the rollup for both. */
    public Map<String, Object> spend(CallFilter filter, Instant from) {
        List<Object> params = new ArrayList<>();
        String where = filter.rollupWhere(params, from);
        Map<String, double[]> agents = new HashMap<>();
        Map<java.time.LocalDate, double[]> days = new TreeMap<>();
        jdbc.list("SELECT caller, bucket, SUM(calls), SUM(cost_usd) FROM keel_call_rollup_day WHERE 1 = 1" + where
                + " GROUP BY caller, bucket", r -> {
                    double calls = r.getLong(3);
                    double cost = r.getDouble(4);
                    add(agents.computeIfAbsent(r.getString(1), a -> new double[2]), calls, cost);
                    add(days.computeIfAbsent(r.getObject(2, OffsetDateTime.class).toLocalDate(), d -> new double[2]), calls, cost);
                    return null;
                }, params.toArray());
        List<Map<String, Object>> byAgent = agents.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[1]).thenComparing(Map.Entry::getKey))
                .limit(200).map(e -> Map.<String, Object>of("agent", e.getKey(), "calls", (long) e.getValue()[0], "cost",
                        Money.usd(e.getValue()[1]), "costUsd", e.getValue()[1])).toList();
        List<Map<String, Object>> byDay = days.entrySet().stream().map(e -> Map.<String, Object>of("day", e.getKey().toString(), "calls",
                (long) e.getValue()[0], "cost", Money.usd(e.getValue()[1]), "costUsd", e.getValue()[1])).toList();
        return Map.of("agents", byAgent, "days", byDay, "rolledUpTo", rollup.mark());
    }

    private static void add(double[] sums, double calls, double cost) {
        sums[0] += calls;
        sums[1] += cost;
    }
}
