package dev.keel.content;

import dev.keel.content.ContentQueue.Known;
import dev.keel.content.ContentQueue.Outcome;
import dev.keel.content.ContentQueue.Row;
import dev.keel.content.ContentQueue.State;
import dev.keel.db.GroupCommit;
import dev.keel.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The content queue's task rows written: a batch's tasks put in, a task's end with how it went. Ends
 * are group-committed: each worker waits for the commit holding its row, and the workers that end a
 * task at the same time share one transaction (on embedded H2 every commit writes a chunk of the
 * store, a few hundred kB for this table; one per task capped a batch at a few hundred tasks/s).
 * A worker's end does not wait ({@link #endLater}): the commit lingers {@link #LINGER} so the ends of a
 * busy second share a few commits, and a task counts as ended only once its row is committed.
 */
final class QueueWrites {

    /** A task's end as its row will hold it. */
    private record End(long seq, State state, int attempts, Timestamp finished, Outcome outcome, String kind, String rule) {
    }

    /** How long the end writer lets ends gather before a commit: a task's count and its batch's report wait this much more. */
    static final Duration LINGER = Duration.ofMillis(50);

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final GroupCommit<End> ends;

    /** {@code writer} runs the jobs that commit the ends (one at a time; each ends when nothing is left to write). */
    QueueWrites(Supplier<DataSource> dataSource, Clock clock, Executor writer) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ends = new GroupCommit<>(new Jdbc(dataSource, "content queue"), QueueWrites::update, committed -> { }, writer, LINGER);
    }

    /** Writes rows; a task the queue already has is replaced (its input changed, or it runs again). */
    void put(List<Row> rows, Map<String, Known> known) {
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

    /** The task ended: done (output written) or rejected (reason file written); returns once the row is committed. */
    void end(long seq, State state, int attempts, Outcome o, String kind, String rule) {
        ends.write(new End(seq, state, attempts, Timestamp.from(clock.instant()), o, kind, rule));
    }

    /** As {@link #end} without waiting: {@code then} runs once the row is committed (null) or could not be (why). */
    void endLater(long seq, State state, int attempts, Outcome o, String kind, String rule, Consumer<RuntimeException> then) {
        ends.submit(new End(seq, state, attempts, Timestamp.from(clock.instant()), o, kind, rule), then);
    }

    private static void update(Connection c, List<End> rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE keel_content_task SET state = ?, attempts = ?, finished_at = ?, provider = ?,"
                + " model = ?, tier = ?, input_tokens = ?, output_tokens = ?, cost_usd = ?, escalated = ?, skipped = ?, reason = ?,"
                + " safety = ?, kind = ?, route_rule = ? WHERE seq = ?")) {
            for (End e : rows) {
                s.setString(1, e.state().db());
                s.setInt(2, e.attempts());
                s.setTimestamp(3, e.finished());
                outcome(s, 4, e.outcome());
                s.setString(14, e.kind());
                s.setString(15, e.rule());
                s.setLong(16, e.seq());
                s.addBatch();
            }
            s.executeBatch();
        }
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

    static String cut(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
    }
}
