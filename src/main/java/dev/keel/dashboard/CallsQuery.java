package dev.keel.dashboard;

import dev.keel.db.Jdbc;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The calls page's reads of the ledger: newest first, filtered, paged by keyset on the ledger's sequence (a page costs
 * the same at row 1,000,000 as at row 50, unlike OFFSET), one call in full, and the filtered calls as CSV.
 */
public final class CallsQuery {

    static final int MAX_PAGE = 200;
    static final int MAX_CSV = 100_000;
    private static final String LIST = "SELECT seq, called_at, caller, provider, model, tier, outcome, input_tokens, output_tokens,"
            + " cached_input_tokens, cost_usd, latency_ms FROM keel_model_call WHERE 1 = 1";

    /** One row of the list. */
    public record Row(long id, Instant at, String agent, String provider, String model, String tier, String outcome, long input,
                      long output, long cachedInput, double costUsd, long latencyMs) {
    }

    /** A page and the cursor of the next one (null on the last page). */
    public record Page(List<Row> rows, Long next) {
    }

    private final Jdbc jdbc;

    public CallsQuery(Supplier<DataSource> dataSource) {
        this.jdbc = new Jdbc(dataSource, "calls page");
    }

    /** Up to {@code size} calls older than {@code before} (null: the newest). */
    public Page page(CallFilter filter, Long before, int size) {
        int n = Math.max(1, Math.min(MAX_PAGE, size));
        List<Object> params = new ArrayList<>();
        Optional<String> day = dayRange(filter);
        if (day.isEmpty()) {
            return new Page(List.of(), null);
        }
        String sql = LIST + filter.where(params) + day.get() + (before == null ? "" : " AND seq < ?") + " ORDER BY seq DESC" + first(n + 1);
        if (before != null) {
            params.add(before);
        }
        List<Row> rows = jdbc.top(n + 1, sql, CallsQuery::row, params.toArray());
        Long next = rows.size() > n ? rows.get(n - 1).id() : null;
        return new Page(rows.size() > n ? rows.subList(0, n) : rows, next);
    }

    /** One call with its decision reason, every token count and the tool calls, by its sequence. */
    public Optional<Map<String, Object>> call(long id) {
        return jdbc.first("SELECT seq, call_id, called_at, caller, provider, model, tier, outcome, reason, input_tokens, output_tokens,"
                + " cached_input_tokens, cache_write_tokens, cost_usd, latency_ms, local_call, tool_calls FROM keel_model_call WHERE seq = ?",
                r -> {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("id", r.getLong(1));
                    c.put("callId", r.getString(2));
                    c.put("at", r.getObject(3, OffsetDateTime.class).toInstant().toString());
                    c.put("agent", r.getString(4));
                    c.put("provider", r.getString(5));
                    c.put("model", r.getString(6));
                    c.put("tier", r.getString(7));
                    c.put("outcome", r.getString(8));
                    c.put("reason", r.getString(9));
                    c.put("inputTokens", r.getLong(10));
                    c.put("outputTokens", r.getLong(11));
                    c.put("cachedInputTokens", r.getLong(12));
                    c.put("cacheWriteTokens", r.getLong(13));
                    c.put("cost", dev.keel.ledger.Money.usd(r.getDouble(14)));
                    c.put("costUsd", r.getDouble(14));
                    c.put("latencyMs", r.getLong(15));
                    c.put("local", r.getBoolean(16));
                    c.put("toolCalls", r.getInt(17));
                    return c;
                }, id);
    }

    /** The filtered calls, newest first, as CSV (at most {@value #MAX_CSV} rows); returns how many were written. */
    public long csv(CallFilter filter, Writer out) throws IOException {
        out.write("id,at,agent,provider,model,tier,outcome,input_tokens,output_tokens,cached_input_tokens,cost_usd,latency_ms\n");
        List<Object> params = new ArrayList<>();
        Optional<String> day = dayRange(filter);
        List<Row> rows = day.isEmpty() ? List.of() : jdbc.top(MAX_CSV, LIST + filter.where(params) + day.get() + " ORDER BY seq DESC"
                + first(MAX_CSV), CallsQuery::row, params.toArray());
        for (Row r : rows) {
            out.write(r.id() + "," + r.at() + "," + Csv.cell(r.agent()) + "," + Csv.cell(r.provider()) + "," + Csv.cell(r.model()) + ","
                    + r.tier() + "," + Csv.cell(r.outcome()) + "," + r.input() + "," + r.output() + "," + r.cachedInput() + ","
                    + java.math.BigDecimal.valueOf(r.costUsd()).toPlainString() + "," + r.latencyMs() + "\n");
        }
        return rows.size();
    }

    /**
     * A day filter as the day's sequence range too ({@code AND seq >= low AND seq <= high}; empty: no call
     * that day; "" without a day filter). Without it the database walks the sequence index backwards from the newest call and
     * filters by time: 70 ms three days back on PostgreSQL at 1,000,000 rows, seconds a month back. The time condition stays, so
     * a call whose sequence and time disagree (a late commit) is still shown only on its own day.
     */
    private Optional<String> dayRange(CallFilter filter) {
        if (filter.day() == null) {
            return Optional.of("");
        }
        List<Object> day = new ArrayList<>();
        String where = new CallFilter(null, null, null, null, null, filter.day()).where(day);
        // seq + 0: with MIN(seq) PostgreSQL walks the whole sequence index from its end for the first row of that day (0.7 s)
        long[] range = jdbc.first("SELECT MIN(seq + 0), MAX(seq + 0) FROM keel_model_call WHERE 1 = 1" + where, r -> {
            long low = r.getLong(1);
            return r.wasNull() ? new long[0] : new long[] {low, r.getLong(2)};
        }, day.toArray()).orElse(new long[0]);
        // literals, not parameters: two longs read just now, and the other filters' parameters are bound in order after
        return range.length == 0 ? Optional.empty() : Optional.of(" AND seq >= " + range[0] + " AND seq <= " + range[1]);
    }

    /**
     * The row limit in the SQL itself, not only as JDBC's max rows: PostgreSQL plans for every matching row without it
     * (a bitmap scan of the filter's index and a sort of tens of thousands of rows, ~200 ms at 1,000,000 rows) instead
     * of reading the (filter, seq) index backwards and stopping at the page's end.
     */
    private static String first(int rows) {
        return " FETCH FIRST " + rows + " ROWS ONLY";
    }

    private static Row row(java.sql.ResultSet r) throws java.sql.SQLException {
        return new Row(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getLong(8), r.getLong(9), r.getLong(10), r.getDouble(11), r.getLong(12));
    }
}
