package dev.keel.content;

import dev.keel.cluster.NodeId;
import dev.keel.content.ContentQueue.Claimed;
import dev.keel.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tasks taken from the queue by one node among several on one database: the ready rows are locked
 * with {@code SELECT ... FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 2.x both have it), so two nodes
 * claiming at once take different tasks and neither waits for the other; they are marked running
 * with this node's id and a lease in the same transaction. The node renews the leases of what it runs;
 * a running task whose lease ran out belonged to a node that died, and goes back to the queue.
 * A database this process has to itself (an embedded H2 file) is read without the lock (see the constructor).
 */
final class TaskClaims {

    /** Leases are renewed this many times per lease, so a live node's never run out between renewals. */
    static final int RENEWALS_PER_LEASE = 4;

    private final Jdbc jdbc;
    private final Clock clock;
    private final NodeId node;
    private final Duration lease;
    private final String lockClause;

    /**
     * {@code alone}: no other node shares the database, and this process claims one block at a time
     * ({@link ContentDispatch}). Then the ready rows are read without {@code FOR UPDATE SKIP LOCKED}:
     * H2 2.3 locks every row the WHERE matches before FETCH FIRST applies, so claiming 16 of 10,000
     * queued tasks wrote a lock into all 10,000 rows (150-400 ms a claim, most of a batch's CPU; see
     * bench/RESULTS.md, issue 20). {@link #mark}'s {@code state = 'queued'} check still keeps a row that
     * something else took meanwhile. PostgreSQL locks only the rows it returns.
     */
    TaskClaims(Jdbc jdbc, Clock clock, NodeId node, Duration lease, boolean alone) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.node = node;
        this.lease = lease;
        this.lockClause = alone ? "" : " FOR UPDATE SKIP LOCKED";
    }

    NodeId node() {
        return node;
    }

    /** Up to {@code max} ready tasks, highest priority then oldest first, marked running by this node. */
    List<Claimed> claim(int max) {
        if (max <= 0) {
            return List.of();
        }
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp until = Timestamp.from(clock.instant().plus(lease));
        // its own statement: waiting rows are few, and two nodes moving the same ones must not hold each other's claims up.
        // Looked for first: on H2 the update costs a commit even when it changes nothing (half of a claim's CPU, #20)
        if (jdbc.first("SELECT seq FROM keel_content_task WHERE state = 'waiting' AND not_before <= ? FETCH FIRST 1 ROWS ONLY",
                r -> r.getLong(1), now).isPresent()) {
            jdbc.update("UPDATE keel_content_task SET state = 'queued' WHERE state = 'waiting' AND not_before <= ?", now);
        }
        return jdbc.transaction(c -> {
            List<Claimed> candidates = new ArrayList<>();
            // state alone in the WHERE and first in the ORDER BY: the (state, priority, seq) index is read in order, no sort
            try (PreparedStatement s = c.prepareStatement("SELECT seq, batch_id, task_id, spec, input_sha256, attempts FROM keel_content_task"
                    + " WHERE state = 'queued' ORDER BY state, priority, seq FETCH FIRST " + max + " ROWS ONLY" + lockClause);
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    candidates.add(new Claimed(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getInt(6)));
                }
            }
            return mark(c, candidates, until);
        });
    }

    /** Marks the locked rows running; the state check in the WHERE keeps a row another claim already took out (a count of 0). */
    private List<Claimed> mark(Connection c, List<Claimed> candidates, Timestamp until) throws SQLException {
        if (candidates.isEmpty()) {
            return candidates;
        }
        List<Claimed> claimed = new ArrayList<>(candidates.size());
        try (PreparedStatement u = c.prepareStatement("UPDATE keel_content_task SET state = 'running', claimed_by = ?, lease_until = ?"
                + " WHERE seq = ? AND state = 'queued'")) {
            for (Claimed t : candidates) {
                u.setString(1, node.value());
                u.setTimestamp(2, until);
                u.setLong(3, t.seq());
                u.addBatch();
            }
            int[] counts = u.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) { // SUCCESS_NO_INFO (-2) is a success too
                    claimed.add(candidates.get(i));
                }
            }
        }
        return claimed;
    }

    /** This node still works on its running tasks: their leases run from now again. */
    int renew() {
        return jdbc.update("UPDATE keel_content_task SET lease_until = ? WHERE state = 'running' AND claimed_by = ?",
                Timestamp.from(clock.instant().plus(lease)), node.value());
    }

    /** Running tasks whose lease ran out (their node stopped renewing: it died) go back to the queue. */
    int expire() {
        return jdbc.update("UPDATE keel_content_task SET state = 'queued', claimed_by = NULL, lease_until = NULL"
                + " WHERE state = 'running' AND lease_until < ?", Timestamp.from(clock.instant()));
    }

    /**
     * At start: the tasks this node's id held before (a restart with the same {@code keel.node.id}), those
     * from before leases existed, and those whose lease ran out. With {@code alone} (an embedded H2 file:
     * one process has it) every running task, since no other node can be working on it.
     */
    int recover(boolean alone) {
        if (alone) {
            return jdbc.update("UPDATE keel_content_task SET state = 'queued', claimed_by = NULL, lease_until = NULL WHERE state = 'running'");
        }
        return jdbc.update("UPDATE keel_content_task SET state = 'queued', claimed_by = NULL, lease_until = NULL WHERE state = 'running'"
                + " AND (claimed_by IS NULL OR claimed_by = ? OR lease_until < ?)", node.value(), Timestamp.from(clock.instant()));
    }
}
