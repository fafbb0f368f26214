package dev.keel.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The {@code quartz-cluster} component, for timers that must fire once per cluster (the night run):
 * clustered, a Quartz scheduler on the clustered JDBC job store in Keel's PostgreSQL (Quartz's own tables,
 * db/postgresql/V15), so each firing is taken by one node and a dead node's triggers move to a live one;
 * on one node, an in-memory (RAMJobStore) scheduler of its own. Per-node timers (the health poll) stay on
 * the plain {@code quartz} component.
 */
public final class OncePerCluster {

    public static final String COMPONENT = "quartz-cluster";

    /** How often each node checks in; a node silent for about this long has its triggers taken over. */
    static final int CHECKIN_MILLIS = 5000;

    private OncePerCluster() {
    }

    public static QuartzComponent component(boolean clustered, String node, Supplier<DataSource> dataSource) {
        QuartzComponent quartz = new QuartzComponent();
        quartz.setProperties(properties(clustered, node, dataSource));
        return quartz;
    }

    static Map<String, Object> properties(boolean clustered, String node, Supplier<DataSource> dataSource) {
        Map<String, Object> p = new HashMap<>();
        // a scheduler name of its own: Quartz keeps schedulers by name per JVM, and `quartz` has the default one
        p.put("org.quartz.scheduler.instanceName", "KeelOncePerCluster");
        p.put("org.quartz.threadPool.threadCount", "2");
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        if (!clustered) {
            p.put("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            return p;
        }
        // Quartz finds its connections by name in a JVM-wide manager: the node's own name, so two nodes in one JVM (tests) do not mix
        String source = "keel-" + node;
        DBConnectionManager.getInstance().addConnectionProvider(source, new Connections(dataSource));
        p.put("org.quartz.scheduler.instanceId", node);
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put("org.quartz.jobStore.dataSource", source);
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(CHECKIN_MILLIS));
        return p;
    }

    /** Keel's pool as Quartz's connection provider (the pool is Keel's to close, not Quartz's). */
    private record Connections(Supplier<DataSource> dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.get().getConnection();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public void initialize() {
        }
    }
}
