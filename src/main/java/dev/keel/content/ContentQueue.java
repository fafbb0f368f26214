package dev.keel.content;

import dev.keel.cluster.NodeId;
import dev.keel.db.Jdbc;
import dev.keel.router.classify.RoutingReview;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
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

    /** How long a claim holds without renewal, unless keel.node.lease says otherwise. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

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
    private final Jdbc jdbc;
    private final QueueWrites writes;
    private final QueueCounts counts;
    private final TaskClaims claims;
    private final boolean alone;

    /** A queue this process has to itself (the embedded H2 file, the tools reading it), claims under its generated node id. */
    public ContentQueue(Supplier<DataSource> dataSource, Clock clock) {
        this(dataSource, clock, NodeId.process(), DEFAULT_LEASE, true);
    }

    /**
     * Claims name {@code node} and hold for {@code lease} unless renewed; {@code alone} says no other node
     * shares the database (an embedded H2 file), so every task left running at start is this node's.
     */
    public ContentQueue(Supplier<DataSource> dataSource, Clock clock, NodeId node, Duration lease, boolean alone) {
        this(dataSource, clock, node, lease, alone, ForkJoinPool.commonPool());
    }

    /** As above; the ends of tasks are committed by jobs on {@code writer} (in Keel, a thread of Camel's ExecutorServiceManager). */
    public ContentQueue(Supplier<DataSource> dataSource, Clock clock, NodeId node, Duration lease, boolean alone, Executor writer) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.jdbc = new Jdbc(dataSource, "content queue");
        this.writes = new QueueWrites(dataSource, clock, writer);
        this.counts = new QueueCounts(dataSource);
        this.claims = new TaskClaims(jdbc, clock, node, lease, alone);
        this.alone = alone;
    }

    /** Whether other nodes may claim from this queue too (PostgreSQL), so this node's counts are only its share. */
    public boolean shared() {
        return !alone;
    }

    /** At start: tasks a stopped run had taken go back to the queue (with other nodes, only those no live node holds). */
    public int recover() {
        return claims.recover(alone);
    }

    /**
     * The lease timer's step: renews this node's claims, then returns to the queue running tasks whose
     * lease ran out (their node died); how many came back.
     */
    public int keepLeases() {
        claims.renew();
        return claims.expire();
    }

    /** The tasks of {@code batch} the queue has, by id. */
    public Map<String, Known> known(String batch) {
        Map<String, Known> known = new HashMap<>();
        jdbc.list("SELECT task_id, input_sha256, state FROM keel_content_task WHERE batch_id = ?",
                r -> known.put(r.getString(1), new Known(r.getString(2), State.valueOf(r.getString(3).toUpperCase(java.util.Locale.ROOT)))),
                batch);
        return known;
    }

    /** Records (or renews) a batch taken in. */
    public void batch(String batch, String fileName, int tasks) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("UPDATE keel_content_batch SET file_name = ?, tasks = ?, received_at = ?, reported_at = NULL WHERE batch_id = ?",
                fileName, tasks, now, batch) == 0) {
            jdbc.update("INSERT INTO keel_content_batch (batch_id, file_name, tasks, received_at) VALUES (?, ?, ?, ?)", batch, fileName, tasks, now);
        }
    }

    /** Writes rows; a task the queue already has is replaced (its input changed, or it runs again). */
    public void put(List<Row> rows, Map<String, Known> known) {
        writes.put(rows, known);
    }

    /** Up to {@code max} ready tasks, highest priority then oldest first, marked running by this node (see {@link TaskClaims}). */
    public List<Claimed> claim(int max) {
        return claims.claim(max);
    }

    /**
     * The task ended: done (output written) or rejected (reason file written). Returns once the row is
     * committed; tasks ending at the same time share one commit.
     */
    public void end(long seq, State state, int attempts, Outcome o, String kind, String rule) {
        writes.end(seq, state, attempts, o, kind, rule);
    }

    /**
     * As {@link #end}, without waiting for the commit: {@code then} runs on the end writer once the row is
     * committed (with null) or could not be (with why); ends of many workers share a commit.
     */
    public void endLater(long seq, State state, int attempts, Outcome o, String kind, String rule, Consumer<RuntimeException> then) {
        writes.endLater(seq, state, attempts, o, kind, rule, then);
    }

    /** The task could not run now (no provider, budget): back to the queue, not before {@code notBefore}. */
    public void retry(long seq, int attempts, Instant notBefore, String reason) {
        jdbc.update("UPDATE keel_content_task SET state = 'waiting', attempts = ?, not_before = ?, reason = ? WHERE seq = ?", attempts,
                Timestamp.from(notBefore), QueueWrites.cut(reason), seq);
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
        return counts.pending(batch);
    }

    /** Tasks by state, every batch. */
    public Map<State, Long> depth() {
        return counts.depth();
    }

    /** Tasks ready, waiting for a retry or running (not night, not ended): what holds back the inbox when it is over the limit. */
    public long ready() {
        return counts.ready();
    }

    /** Batches with tasks not yet ended, and their counts by state (to resume progress after a restart). */
    public Map<String, Map<State, Long>> open() {
        return counts.open();
    }

    /** Every row of a batch, in queue order, one at a time (a batch may hold 100,000 tasks). */
    public void rows(String batch, RowReader reader) {
        counts.rows(batch, reader);
    }

    /** Tasks that ended since {@code from} with a model call of this run, by kind, routing rule, tier, escalation and outcome. */
    public List<RoutingReview.Group> routingGroups(Instant from) {
        return counts.routingGroups(from);
    }

    /** The file the batch came from, null when the queue never took it in. */
    public String fileOf(String batch) {
        return counts.fileOf(batch);
    }

    public void reported(String batch) {
        jdbc.update("UPDATE keel_content_batch SET reported_at = ? WHERE batch_id = ?", Timestamp.from(clock.instant()), batch);
    }

    /** One row of {@link #rows}. */
    public interface RowReader {
        void row(String task, State state, int priority, int attempts, Outcome outcome, Instant queued, Instant finished);
    }
}
