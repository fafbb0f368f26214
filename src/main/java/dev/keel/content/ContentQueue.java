package dev.keel.content;

import dev.keel.router.Tier;
import dev.keel.router.classify.RoutingReview;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The content queue (seed role O14) in the database: one row per task, taken in priority order (P0
 * first), then age. Night tasks wait in state {@code night} until the night run releases them; a task
 * whose call failed waits in {@code waiting} until its retry is due. A
 * task a stopped Keel left {@code running} is queued again at start; whether it is in fact done is
 * decided by its output file, not by this row (see {@link ContentOutput#recognise}).
 */
public final class ContentQueue {

    /** A task's place in its life. */
    public enum State {
        NIGHT, QUEUED, WAITING, RUNNING, DONE, REJECTED;

        String db() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A row to write: the task as JSON, its input hash, where it starts. */
    public record Row(String batch, String task, int priority, State state, String inputSha256, String spec, Outcome outcome) {
    }

    /** A task taken from the queue. */
    public record Claimed(long seq, String batch, String task, String spec, String inputSha256, int attempts) {
    }

    /** How a task ended, for the report. {@code skipped}: an earlier run's output was recognised, nothing was called. */
    public record Outcome(String provider, String model, String tier, long inputTokens, long outputTokens, double costUsd,
                          boolean escalated, boolean skipped, String reason, String safety) {
        public static Outcome refused(String reason) {
            return new Outcome(null, null, null, 0, 0, 0, false, false, reason, null);
        }
    }

    /** What the queue knows of a task already: its input hash and state. */
    public record Known(String inputSha256, State state) {
    }

    private final Supplier<DataSource> dataSource;
    private final Clock clock;

    public ContentQueue(Supplier<DataSource> dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** At start: tasks a stopped run had taken go back to the queue. */
    public int recover() {
        return update("UPDATE keel_content_task SET state = 'queued' WHERE state = 'running'");
    }

    /** The tasks of {@code batch} the queue has, by id. */
    public Map<String, Known> known(String batch) {
        Map<String, Known> known = new HashMap<>();
        query("SELECT task_id, input_sha256, state FROM keel_content_task WHERE batch_id = ?", s -> s.setString(1, batch),
                r -> known.put(r.getString(1), new Known(r.getString(2), State.valueOf(r.getString(3).toUpperCase(java.util.Locale.ROOT)))));
        return known;
    }

    /** Records (or renews) a batch taken in. */
    public void batch(String batch, String fileName, int tasks) {
        Timestamp now = Timestamp.from(clock.instant());
        if (update("UPDATE keel_content_batch SET file_name = ?, tasks = ?, received_at = ?, reported_at = NULL WHERE batch_id = ?",
                fileName, tasks, now, batch) == 0) {
            update("INSERT INTO keel_content_batch (batch_id, file_name, tasks, received_at) VALUES (?, ?, ?, ?)", batch, fileName, tasks, now);
        }
    }

    /** Writes rows; a task the queue already has is replaced (its input changed, or it runs again). */
    public void put(List<Row> rows, Map<String, Known> known) {
        if (rows.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM keel_content_task WHERE batch_id = ? AND task_id = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO keel_content_task (batch_id, task_id, state, priority,"
                         + " input_sha256, spec, attempts, queued_at, finished_at, provider, model, tier, input_tokens, output_tokens,"
                         + " cost_usd, escalated, skipped, reason, safety) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                boolean deletes = false;
                for (Row row : rows) {
                    if (known.containsKey(row.task())) {
                        delete.setString(1, row.batch());
                        delete.setString(2, row.task());
                        delete.addBatch();
                        deletes = true;
                    }
                    insert.setString(1, row.batch());
                    insert.setString(2, row.task());
                    insert.setString(3, row.state().db());
                    insert.setInt(4, row.priority());
                    insert.setString(5, row.inputSha256());
                    insert.setString(6, row.spec());
                    insert.setTimestamp(7, now);
                    Outcome o = row.outcome();
                    boolean ended = row.state() == State.DONE || row.state() == State.REJECTED;
                    insert.setTimestamp(8, ended ? now : null);
                    outcome(insert, 9, o);
                    insert.addBatch();
                }
                if (deletes) {
                    delete.executeBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("content queue: " + e.getMessage(), e);
        }
    }

    /** Up to {@code max} ready tasks, highest priority then oldest first, marked running. */
    public List<Claimed> claim(int max) {
        List<Claimed> claimed = new ArrayList<>();
        if (max <= 0) {
            return claimed;
        }
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement due = c.prepareStatement("UPDATE keel_content_task SET state = 'queued' WHERE state = 'waiting'"
                    + " AND not_before <= ?")) {
                due.setTimestamp(1, now);
                due.executeUpdate();
            }
            // state alone in the WHERE and first in the ORDER BY: H2 reads the (state, priority, seq) index in order, no sort
            try (PreparedStatement s = c.prepareStatement("SELECT seq, batch_id, task_id, spec, input_sha256, attempts FROM keel_content_task"
                    + " WHERE state = 'queued' ORDER BY state, priority, seq FETCH FIRST " + max + " ROWS ONLY")) {
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        claimed.add(new Claimed(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getInt(6)));
                    }
                }
            }
            if (!claimed.isEmpty()) {
                try (PreparedStatement u = c.prepareStatement("UPDATE keel_content_task SET state = 'running' WHERE seq = ?")) {
                    for (Claimed t : claimed) {
                        u.setLong(1, t.seq());
                        u.addBatch();
                    }
                    u.executeBatch();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("content queue: " + e.getMessage(), e);
        }
        return claimed;
    }

    /** The task ended: done (output written) or rejected (reason file written). */
    public void end(long seq, State state, int attempts, Outcome o, String kind, String rule) {
        try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement("UPDATE keel_content_task SET"
                + " state = ?, attempts = ?, finished_at = ?, provider = ?, model = ?, tier = ?, input_tokens = ?, output_tokens = ?,"
                + " cost_usd = ?, escalated = ?, skipped = ?, reason = ?, safety = ?, kind = ?, route_rule = ? WHERE seq = ?")) {
            s.setString(1, state.db());
            s.setInt(2, attempts);
            s.setTimestamp(3, Timestamp.from(clock.instant()));
            outcome(s, 4, o);
            s.setString(14, kind);
            s.setString(15, rule);
            s.setLong(16, seq);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("content queue: " + e.getMessage(), e);
        }
    }

    /** The task could not run now (no provider, budget): back to the queue, not before {@code notBefore}. */
    public void retry(long seq, int attempts, Instant notBefore, String reason) {
        update("UPDATE keel_content_task SET state = 'waiting', attempts = ?, not_before = ?, reason = ? WHERE seq = ?", attempts,
                Timestamp.from(notBefore), cut(reason), seq);
    }

    /**
     * Makes what was written durable before the batch file leaves the inbox: H2 writes its store in the
     * background, so a process killed right after a commit could lose it; CHECKPOINT writes it now.
     * PostgreSQL's commits are durable already.
     */
    public void sync() {
        try (Connection c = dataSource.get().getConnection()) {
            if ("H2".equals(c.getMetaData().getDatabaseProductName())) {
                try (PreparedStatement s = c.prepareStatement("CHECKPOINT")) {
                    s.execute();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("content queue: " + e.getMessage(), e);
        }
    }

    /** The night run's drain-deferred step: night tasks become ready; how many, by batch. */
    public Map<String, Long> releaseNight() {
        Map<String, Long> released = new LinkedHashMap<>();
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("SELECT batch_id, COUNT(*) FROM keel_content_task WHERE state = 'night'"
                    + " GROUP BY batch_id ORDER BY batch_id"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    released.put(r.getString(1), r.getLong(2));
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE keel_content_task SET state = 'queued' WHERE state = 'night'")) {
                s.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("content queue: " + e.getMessage(), e);
        }
        return released;
    }

    /** Tasks of {@code batch} queued or running (night tasks wait apart). */
    public long pending(String batch) {
        long[] n = {0};
        query("SELECT COUNT(*) FROM keel_content_task WHERE batch_id = ? AND state IN ('queued', 'waiting', 'running')",
                s -> s.setString(1, batch), r -> n[0] = r.getLong(1));
        return n[0];
    }

    /** Tasks by state, every batch. */
    public Map<State, Long> depth() {
        Map<State, Long> counts = new LinkedHashMap<>();
        for (State s : State.values()) {
            counts.put(s, 0L);
        }
        query("SELECT state, COUNT(*) FROM keel_content_task GROUP BY state", s -> { }, r -> counts.put(
                State.valueOf(r.getString(1).toUpperCase(java.util.Locale.ROOT)), r.getLong(2)));
        return counts;
    }

    /** Tasks ready, waiting for a retry or running (not night, not ended): what holds back the inbox when it is over the limit. */
    public long ready() {
        long[] n = {0};
        query("SELECT COUNT(*) FROM keel_content_task WHERE state IN ('queued', 'waiting', 'running')", s -> { }, r -> n[0] = r.getLong(1));
        return n[0];
    }

    /** Batches with tasks not yet ended, and their counts by state (to resume progress after a restart). */
    public Map<String, Map<State, Long>> open() {
        Map<String, Map<State, Long>> batches = new LinkedHashMap<>();
        query("SELECT batch_id, state, COUNT(*) FROM keel_content_task WHERE batch_id IN (SELECT DISTINCT batch_id FROM"
                + " keel_content_task WHERE state IN ('queued', 'waiting', 'running')) GROUP BY batch_id, state ORDER BY batch_id", s -> { },
                r -> batches.computeIfAbsent(r.getString(1), b -> new LinkedHashMap<>())
                        .put(State.valueOf(r.getString(2).toUpperCase(java.util.Locale.ROOT)), r.getLong(3)));
        return batches;
    }

    /** Every row of a batch, in queue order, one at a time (a batch may hold 100,000 tasks). */
    public void rows(String batch, RowReader reader) {
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
    public List<RoutingReview.Group> routingGroups(Instant from) {
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
    public String fileOf(String batch) {
        String[] name = {null};
        query("SELECT file_name FROM keel_content_batch WHERE batch_id = ?", s -> s.setString(1, batch), r -> name[0] = r.getString(1));
        return name[0];
    }

    public void reported(String batch) {
        update("UPDATE keel_content_batch SET reported_at = ? WHERE batch_id = ?", Timestamp.from(clock.instant()), batch);
    }

    /** One row of {@link #rows}. */
    public interface RowReader {
        void row(String task, State state, int priority, int attempts, Outcome outcome, Instant queued, Instant finished);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static void outcome(PreparedStatement s, int at, Outcome o) throws SQLException {
        if (o == null) {
            o = new Outcome(null, null, null, 0, 0, 0, false, false, null, null);
        }
        s.setString(at, o.provider());
        s.setString(at + 1, o.model());
        s.setString(at + 2, o.tier());
        s.setLong(at + 3, o.inputTokens());
        s.setLong(at + 4, o.outputTokens());
        s.setDouble(at + 5, o.costUsd());
        s.setBoolean(at + 6, o.escalated());
        s.setBoolean(at + 7, o.skipped());
        if (o.reason() == null) {
            s.setNull(at + 8, Types.VARCHAR);
        } else {
            s.setString(at + 8, cut(o.reason()));
        }
        if (o.safety() == null) {
            s.setNull(at + 9, Types.VARCHAR);
        } else {
            s.setString(at + 9, cut(o.safety()));
        }
    }

    private static String cut(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private interface Reader {
        void read(ResultSet r) throws SQLException;
    }

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

    private int update(String sql, Object... values) {
        try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("content queue: " + e.getMessage(), e);
        }
    }
}
