package dev.keel.boot;

import dev.keel.cluster.ClusterHealthCheck;
import dev.keel.cluster.ClusterSettings;
import dev.keel.cluster.Heartbeats;
import dev.keel.cluster.OncePerCluster;
import dev.keel.cluster.PgProviderLimits;
import dev.keel.router.SharedLimits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.ZoneId;
import org.apache.camel.CamelContext;

/**
 * Several nodes on one PostgreSQL (#17 part B): this node's id and heartbeat (bean clusterHeartbeat, its
 * timer in routes/cluster.camel.yaml), the cluster health check, the {@code quartz-cluster} component the
 * once-per-cluster timers use, and the shared provider limits ({@link SharedLimits#LOCAL} on one node).
 */
final class ClusterWiring {

    /** What the router takes from here. */
    record Cluster(ClusterSettings settings, SharedLimits limits) {
    }

    private ClusterWiring() {
    }

    static Cluster bind(CamelContext camel, KeelSettings settings, StorageWiring.Storage storage, Clock clock) {
        ClusterSettings cluster = ClusterSettings.from(settings);
        String node = cluster.node().value();
        camel.getPropertiesComponent().addOverrideProperty("keel.cluster.heartbeat-ms", String.valueOf(cluster.heartbeat().toMillis()));
        Heartbeats heartbeats = new Heartbeats(storage.database()::dataSource, clock, node, host(), version(), cluster.staleAfter());
        camel.getRegistry().bind("clusterHeartbeat", heartbeats);
        camel.getRegistry().bind("clusterHealthCheck", new ClusterHealthCheck(heartbeats, cluster.clustered()));
        camel.getRegistry().bind(OncePerCluster.COMPONENT, OncePerCluster.component(cluster.clustered(), node, storage.database()::dataSource));
        SharedLimits limits = cluster.clustered()
                ? new PgProviderLimits(storage.database()::dataSource, clock, ZoneId.systemDefault(), node, cluster.lease())
                : SharedLimits.LOCAL;
        return new Cluster(cluster, limits);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    private static String version() {
        String v = ClusterWiring.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
