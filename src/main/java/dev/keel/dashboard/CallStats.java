package dev.keel.dashboard;

import dev.keel.db.Jdbc;
import dev.keel.ledger.Money;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /** Per provider since {@code from} (hour-aligned for "hour", day-aligned for "day"): calls, errors, cost, p50, p95. */
    public Map<String, Map<String, Object>> perProvider(String table, Instant from) {
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
        // by sequence only: with a time condition too the database may prefer the time index and read the whole window
        jdbc.list("SELECT provider, outcome, cost_usd, latency_ms, called_at FROM keel_model_call WHERE seq > ?", r -> {
            if (!r.getObject(5, OffsetDateTime.class).toInstant().isBefore(from)) {
                ok.computeIfAbsent(r.getString(1), p -> new CallRollup.Sums()).add(0, 0, 0, r.getDouble(3), r.getLong(4));
                if (!"ok".equals(r.getString(2))) {
                    errors.merge(r.getString(1), 1L, Long::sum);
                }
            }
            return null;
        }, rollup.mark());
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

    /** Calls and errors per hour since {@code from}, oldest first: the overview's chart (rolled-up hours only). */
    public Map<String, Object> hourly(Instant from) {
        List<Long> at = new ArrayList<>();
        List<Long> calls = new ArrayList<>();
        List<Long> errors = new ArrayList<>();
        jdbc.list("SELECT bucket, SUM(calls), SUM(CASE WHEN outcome = 'ok' THEN 0 ELSE calls END) FROM keel_call_rollup_hour"
                + " WHERE bucket >= ? GROUP BY bucket ORDER BY bucket", r -> {
                    at.add(r.getObject(1, OffsetDateTime.class).toInstant().getEpochSecond());
                    calls.add(r.getLong(2));
                    errors.add(r.getLong(3));
                    return null;
                }, from.truncatedTo(ChronoUnit.HOURS));
        return Map.of("at", at, "calls", calls, "errors", errors);
    }

    /** Spend per agent and per day over the filter (rollup_day), biggest spender first. */
    public Map<String, Object> spend(CallFilter filter, Instant from) {
        List<Object> params = new ArrayList<>();
        String where = filter.rollupWhere(params, from);
        List<Map<String, Object>> agents = jdbc.top(200, "SELECT caller, SUM(calls), SUM(cost_usd) FROM keel_call_rollup_day WHERE 1 = 1"
                + where + " GROUP BY caller ORDER BY SUM(cost_usd) DESC, caller", r -> Map.of("agent", r.getString(1), "calls",
                r.getLong(2), "cost", Money.usd(r.getDouble(3)), "costUsd", r.getDouble(3)), params.toArray());
        List<Map<String, Object>> days = jdbc.list("SELECT bucket, SUM(calls), SUM(cost_usd) FROM keel_call_rollup_day WHERE 1 = 1"
                + where + " GROUP BY bucket ORDER BY bucket", r -> Map.of("day", r.getObject(1, OffsetDateTime.class).toLocalDate().toString(),
                "calls", r.getLong(2), "cost", Money.usd(r.getDouble(3)), "costUsd", r.getDouble(3)), params.toArray());
        return Map.of("agents", agents, "days", days, "rolledUpTo", rollup.mark());
    }
}
