package dev.keel.cluster;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * /observe/health's view of the cluster: this node's id, whether it is clustered, and every node of the
 * heartbeat table (alive or stale). It never fails readiness: a stale peer is news, not this node's fault;
 * a database this node cannot reach shows in the message.
 */
public final class ClusterHealthCheck extends AbstractHealthCheck {

    private final Heartbeats heartbeats;
    private final boolean clustered;

    public ClusterHealthCheck(Heartbeats heartbeats, boolean clustered) {
        super("keel", "cluster");
        this.heartbeats = heartbeats;
        this.clustered = clustered;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("node.id", heartbeats.nodeId()).detail("clustered", clustered);
        try {
            List<Heartbeats.Node> nodes = heartbeats.nodes();
            String list = nodes.stream().map(n -> n.id() + " (" + (n.alive() ? "alive" : "stale") + ")").collect(Collectors.joining(", "));
            builder.detail("nodes", list).detail("nodes.alive", nodes.stream().filter(Heartbeats.Node::alive).count());
            // the message, not only the details: /observe/health shows details only with ?data=true, and `keel status` prints it
            builder.message("this node: " + heartbeats.nodeId() + (clustered ? "; nodes: " + list : " (single node)"));
        } catch (RuntimeException e) {
            builder.message("node " + heartbeats.nodeId() + " cannot read the heartbeat table: " + e.getMessage());
        }
        builder.up();
    }
}
