package dev.keel.cluster;

import dev.keel.boot.KeelSettings;
import java.time.Duration;

/**
 * The keel.cluster.* settings, with the node's id (keel.node.id, {@link NodeId}). A node is clustered when keel.cluster.enabled is
 * {@code auto} and keel.db.url is PostgreSQL, or when it is {@code true}; clustering on H2 is refused
 * (an embedded file is one process's database).
 */
public record ClusterSettings(boolean clustered, NodeId node, Duration heartbeat, Duration staleAfter, Duration lease) {

    public static ClusterSettings from(KeelSettings settings) {
        String mode = settings.text("keel.cluster.enabled").trim();
        boolean postgres = settings.text("keel.db.url").startsWith("jdbc:postgresql:");
        boolean clustered = switch (mode) {
            case "auto" -> postgres;
            case "true" -> true;
            case "false" -> false;
            default -> throw settings.fail("keel.cluster.enabled", mode, "is not auto, true or false");
        };
        if (clustered && !postgres) {
            throw settings.fail("keel.cluster.enabled", mode, "needs keel.db.url on PostgreSQL (the one database the nodes share)");
        }
        Duration heartbeat = settings.duration("keel.cluster.heartbeat", Duration.ofSeconds(1), Duration.ofMinutes(5));
        Duration stale = settings.duration("keel.cluster.stale-after", Duration.ofSeconds(3), Duration.ofHours(1));
        if (stale.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw settings.fail("keel.cluster.stale-after", settings.text("keel.cluster.stale-after"),
                    "is under two heartbeats (" + heartbeat.multipliedBy(2).toSeconds() + " s); a live node would look dead");
        }
        Duration lease = settings.duration("keel.cluster.lease", Duration.ofSeconds(10), Duration.ofHours(2));
        return new ClusterSettings(clustered, NodeId.from(settings), heartbeat, stale, lease);
    }
}
