package dev.keel.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.keel.db.Jdbc;
import dev.keel.guard.GuardLevel;
import dev.keel.storage.InputMappers;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Alerts once per cluster (V20). Every node's alert round publishes its node-local inputs (guard, health poll, disks) to
 * keel_alert_node; one node, the holder of the keel_alert_lease row, evaluates the rules over the shared inputs and every
 * live node's local ones, and sends. A database lease rather than the quartz-cluster timer: the evaluator stays the same
 * node round after round, so the in-memory "holds for N minutes" clocks keep running, and it behaves the same on H2; a node
 * that stops renewing loses the lease after {@code lease} and the next node to tick takes it (its holds start again, as
 * after a restart; open alerts are in the database and neither fire again nor get lost). On one node: always the evaluator,
 * nothing published, subjects name no node.
 */
public final class AlertCluster {

    private static final String LEASE = "alerts";
    private static final TypeReference<Map<String, Double>> DISKS = new TypeReference<>() {
    };

    private final Jdbc jdbc;
    private final String node;
    private final Duration lease;

    private AlertCluster(Jdbc jdbc, String node, Duration lease) {
        this.jdbc = jdbc;
        this.node = node;
        this.lease = lease;
    }

    /** One node: it evaluates, and its snapshot is the whole picture. */
    public static AlertCluster single() {
        return new AlertCluster(null, "", Duration.ZERO);
    }

    /** Node {@code node} of a cluster on {@code dataSource}; a lease lasts {@code lease} (a few alert intervals). */
    public static AlertCluster of(Supplier<DataSource> dataSource, String node, Duration lease) {
        return new AlertCluster(new Jdbc(dataSource, "alert cluster"), node, lease);
    }

    public boolean clustered() {
        return jdbc != null;
    }

    public String node() {
        return node;
    }

    /** Takes or renews the lease; true when this node evaluates this round. */
    public boolean lead(Instant now) {
        if (!clustered()) {
            return true;
        }
        Instant until = now.plus(lease);
        return jdbc.update("UPDATE keel_alert_lease SET node_id = ?, lease_until = ? WHERE name = ? AND (node_id = ? OR lease_until < ?)",
                node, until, LEASE, node, now) > 0
                || jdbc.insertUnlessPresent("INSERT INTO keel_alert_lease (name, node_id, lease_until) VALUES (?, ?, ?)", LEASE, node, until);
    }

    /** Writes this node's node-local inputs for whichever node evaluates. */
    public void publish(Snapshot local, Instant now) {
        if (!clustered()) {
            return;
        }
        GuardLevel guard = local.guard();
        Snapshot.Health health = local.health();
        String disks = local.diskFreePercent() == null ? null : json(local.diskFreePercent());
        Object[] values = {now, guard == null ? null : guard.name(), health == null ? null : health.lastSample(),
                health == null ? null : health.interval().toMillis(), health == null ? null : health.runningSince(), disks, node};
        if (jdbc.update("UPDATE keel_alert_node SET updated_at = ?, guard_level = ?, last_sample_at = ?, health_interval_ms = ?,"
                + " running_since = ?, disks = ? WHERE node_id = ?", values) == 0
                && !jdbc.insertUnlessPresent("INSERT INTO keel_alert_node (updated_at, guard_level, last_sample_at, health_interval_ms,"
                + " running_since, disks, node_id) VALUES (?, ?, ?, ?, ?, ?, ?)", values)) {
            publish(local, now); // inserted by a restart of the same node id between the two statements
        }
    }

    /** Forgets the rows of nodes silent for a day (replaced nodes), as keel_node does. */
    public void forget(Instant now) {
        if (clustered()) {
            jdbc.update("DELETE FROM keel_alert_node WHERE updated_at < ?", now.minus(java.time.Duration.ofDays(1)));
        }
    }

    /**
     * The snapshot the rules see: the shared parts as read here, the node-local parts of every node that published within
     * the lease (a node silent for longer is gone: the cluster health check reports it). A part some live node could not
     * read is unknown for the whole cluster, so its alerts keep their state.
     */
    public Snapshot merge(Snapshot local, Instant now) {
        if (!clustered()) {
            return local;
        }
        Map<String, GuardLevel> guards = new TreeMap<>();
        Map<String, Snapshot.Health> healths = new TreeMap<>();
        Map<String, Map<String, Double>> disks = new TreeMap<>();
        boolean[] unknown = new boolean[3];
        jdbc.list("SELECT node_id, guard_level, last_sample_at, health_interval_ms, running_since, disks FROM keel_alert_node"
                + " WHERE updated_at >= ?", r -> {
                    String id = r.getString(1);
                    String level = r.getString(2);
                    if (level == null) {
                        unknown[0] = true;
                    } else {
                        guards.put(id, GuardLevel.valueOf(level));
                    }
                    long interval = r.getLong(4);
                    if (r.wasNull()) {
                        unknown[1] = true;
                    } else {
                        healths.put(id, new Snapshot.Health(instant(r.getObject(3, OffsetDateTime.class)), Duration.ofMillis(interval),
                                instant(r.getObject(5, OffsetDateTime.class))));
                    }
                    String d = r.getString(6);
                    if (d == null) {
                        unknown[2] = true;
                    } else {
                        disks.put(id, disks(d));
                    }
                    return null;
                }, now.minus(lease));
        return local.withNodes(unknown[0] ? null : guards, unknown[1] ? null : healths, unknown[2] ? null : disks);
    }

    private static String json(Map<String, Double> disks) {
        try {
            return InputMappers.json().writeValueAsString(new HashMap<>(disks));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Double> disks(String json) {
        try {
            return InputMappers.json().readValue(json, DISKS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("keel_alert_node.disks is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
