package dev.keel.cluster;

import dev.keel.db.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The keel_node table: each node writes its row on a timer ({@link #beat}); a row not beaten for
 * keel.cluster.stale-after is a stale node (dead, or cut off from the database). Rows stale for a day
 * are removed, so a cluster that replaced its nodes does not list them forever.
 */
public final class Heartbeats {

    /** A node as the table shows it, read at {@code now}. */
    public record Node(String id, String host, Instant started, Instant lastBeat, String version, boolean alive) {
    }

    private static final Duration FORGET = Duration.ofDays(1);

    private final Jdbc jdbc;
    private final Clock clock;
    private final String nodeId;
    private final String host;
    private final String version;
    private final Duration staleAfter;
    private final Instant started;

    public Heartbeats(Supplier<DataSource> dataSource, Clock clock, String nodeId, String host, String version, Duration staleAfter) {
        this.jdbc = new Jdbc(dataSource, "cluster heartbeat");
        this.clock = clock;
        this.nodeId = nodeId;
        this.host = host;
        this.version = version;
        this.staleAfter = staleAfter;
        this.started = clock.instant();
    }

    /** Writes this node's row (the update, or the insert of a first beat) and forgets nodes gone for a day. */
    public void beat() {
        Instant now = clock.instant();
        if (jdbc.update("UPDATE keel_node SET host = ?, started_at = ?, last_beat = ?, version = ? WHERE node_id = ?",
                host, started, now, version, nodeId) == 0
                && !jdbc.insertUnlessPresent("INSERT INTO keel_node (node_id, host, started_at, last_beat, version) VALUES (?, ?, ?, ?, ?)",
                nodeId, host, started, now, version)) {
            beat(); // another process inserted the same id between the two statements: update it
            return;
        }
        jdbc.update("DELETE FROM keel_node WHERE last_beat < ?", now.minus(FORGET));
    }

    /** Every node in the table, this one first, the others by id. */
    public List<Node> nodes() {
        Instant cutoff = clock.instant().minus(staleAfter);
        return jdbc.list("SELECT node_id, host, started_at, last_beat, version FROM keel_node"
                + " ORDER BY CASE WHEN node_id = ? THEN 0 ELSE 1 END, node_id", r -> {
                    Instant last = r.getObject(4, OffsetDateTime.class).toInstant();
                    return new Node(r.getString(1), r.getString(2), r.getObject(3, OffsetDateTime.class).toInstant(), last,
                            r.getString(5), last.isAfter(cutoff));
                }, nodeId);
    }

    public String nodeId() {
        return nodeId;
    }
}
