package dev.keel.content;

import dev.keel.content.ContentQueue.Outcome;
import dev.keel.content.ContentQueue.RowReader;
import dev.keel.content.ContentQueue.State;
import dev.keel.router.Tier;
import dev.keel.router.classify.RoutingReview;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** What the content queue holds, read: counts by state and batch, a batch's rows for its report, the routing review's groups. */
final class QueueCounts {

    private final Supplier<DataSource> dataSource;

    QueueCounts(Supplier<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    /** Tasks of {@code batch} queued or running (night tasks wait apart). */
    long pending(String batch) {
        long[] n = {0};
        query("SELECT COUNT(*) FROM keel_content_task WHERE batch_id = ? AND state IN ('queued', 'waiting', 'running')",
                s -> s.setString(1, batch), r -> n[0] = r.getLong(1));
        return n[0];
    }

    /** Tasks by state, every batch. */
    Map<State, Long> depth() {
        Map<State, Long> counts = new LinkedHashMap<>();
        for (State s : State.values()) {
            counts.put(s, 0L);
        }
        query("SELECT state, COUNT(*) FROM keel_content_task GROUP BY state", s -> { }, r -> counts.put(
                State.valueOf(r.getString(1).toUpperCase(java.util.Locale.ROOT)), r.getLong(2)));
        return counts;
    }

    /** Tasks ready, waiting for a retry or running (not night, not ended): what holds back the inbox when it is over the limit. */
    long ready() {
        long[] n = {0};
        query("SELECT COUNT(*) FROM keel_content_task WHERE state IN ('queued', 'waiting', 'running')", s -> { }, r -> n[0] = r.getLong(1));
        return n[0];
    }

    /** Batches with tasks not yet ended, and their counts by state (to resume progress after a restart). */
    Map<String, Map<State, Long>> open() {
        Map<String, Map<State, Long>> batches = new LinkedHashMap<>();
        query("SELECT batch_id, state, COUNT(*) FROM keel_content_task WHERE batch_id IN (SELECT DISTINCT batch_id FROM"
                + " keel_content_task WHERE state IN ('queued', 'waiting', 'running')) GROUP BY batch_id, state ORDER BY batch_id", s -> { },
                r -> batches.computeIfAbsent(r.getString(1), b -> new LinkedHashMap<>())
                        .put(State.valueOf(r.getString(2).toUpperCase(java.util.Locale.ROOT)), r.getLong(3)));
        return batches;
    }

    /** Every row of a batch, in queue order, one at a time (a batch may hold 100,000 tasks). */
    void rows(String batch, RowReader reader) {
        query("SELECT task_id, state, priority, attempts, provider, model, tier, input_tokens, output_tokens, cost_usd, escalated,"
                + " skipped, reason, safety, queued_at, finished_at FROM keel_content_task WHERE batch_id = ? ORDER BY seq",
                s -> s.setString(1, batch), r -> reader.row(r.getString(1), State.valueOf(r.getString(2).toUpperCase(java.util.Locale.ROOT)),
                        r.getInt(3), r.getInt(4), new Outcome(r.getString(5), r.getString(6), r.getString(7), r.getLong(8), r.getLong(9),
                                r.getDouble(10), r.getBoolean(11), r.getBoolean(12), r.getString(13), r.getString(14)),
                        instant(r.getTimestamp(15)), instant(r.getTimestamp(16))));
    }

    /**
     * Tasks that ended since {@code from} with a model call of this run (not recognised from an earlier
     * one), counted by kind, routing rule, final tier, escalation and outcome, with what they cost.
     */
    List<RoutingReview.Group> routingGroups(Instant from) {
        List<RoutingReview.Group> groups = new ArrayList<>();
        query("SELECT kind, route_rule, tier, escalated, state, COUNT(*), SUM(cost_usd) FROM keel_content_task WHERE finished_at >= ?"
                        + " AND skipped = FALSE AND route_rule IS NOT NULL AND state IN ('done', 'rejected')"
                        + " GROUP BY kind, route_rule, tier, escalated, state",
                s -> s.setTimestamp(1, Timestamp.from(from)),
                r -> groups.add(new RoutingReview.Group(r.getString(1), r.getString(2), r.getString(3) == null ? null
                        : Tier.valueOf(r.getString(3).toUpperCase(java.util.Locale.ROOT)), r.getBoolean(4), "done".equals(r.getString(5)),
                        r.getLong(6), r.getDouble(7))));
        return groups;
    }

    /** The file the batch came from, null when the queue never took it in. */
    String fileOf(String batch) {
        String[] name = {null};
        query("SELECT file_name FROM keel_content_batch WHERE batch_id = ?", s -> s.setString(1, batch), r -> name[0] = r.getString(1));
        return name[0];
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private interface Reader {
        void read(ResultSet r) throws SQLException;
    }

    /** Rows one at a time with a fetch size, not collected: a batch may hold 100,000 tasks. */
    private void query(String sql, Binder binder, Reader reader) {
        try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            s.setFetchSize(1000);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    reader.read(r);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("content queue: " + e.getMessage(), e);
        }
    }
}
