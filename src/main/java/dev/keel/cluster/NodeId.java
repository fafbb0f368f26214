package dev.keel.cluster;

import dev.keel.boot.KeelSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * The name this Keel process goes by among the nodes sharing one database: {@code keel.node.id}, or
 * when that is empty one made once per process from the host name and the process id (a restarted
 * node is a new node, so a lease it held before it died is never mistaken for its own).
 */
public record NodeId(String value) {

    private static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final NodeId PROCESS = new NodeId(generated());

    public NodeId {
        if (value == null || !value.matches(PATTERN)) {
            throw new IllegalArgumentException("a node id is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit: "
                    + value);
        }
    }

    /** The configured id, or this process's generated one when {@code keel.node.id} is empty or absent. */
    public static NodeId from(KeelSettings settings) {
        String configured = settings.asMap().getOrDefault("keel.node.id", "").strip();
        if (configured.isEmpty()) {
            return PROCESS;
        }
        if (!configured.matches(PATTERN)) {
            throw settings.fail("keel.node.id", configured, "is not a node id; use 1 to 64 letters, digits, '.', '_' or '-'"
                    + " (or leave it empty for host name and process id)");
        }
        return new NodeId(configured);
    }

    /** This process's generated id, the same on every call. */
    public static NodeId process() {
        return PROCESS;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            host = "";
        }
        if (host.isEmpty() || !Character.isLetterOrDigit(host.charAt(0))) {
            host = "node-" + UUID.randomUUID().toString().substring(0, 8);
        }
        String id = host + "-" + ProcessHandle.current().pid();
        return id.length() <= 64 ? id : id.substring(id.length() - 64).replaceFirst("^[^A-Za-z0-9]+", "n");
    }

    @Override
    public String toString() {
        return value;
    }
}
