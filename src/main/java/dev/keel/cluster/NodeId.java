package dev.keel.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.UUID;

/**
 * This process's name in a cluster: {@code keel.node.id} when set, else generated once per process
 * (host name plus a random suffix, so two JVMs on one host never share one).
 */
public final class NodeId {

    private static volatile String current;

    private NodeId() {
    }

    /** The node id: the configured one once {@link #use} ran, else the generated one. */
    public static String current() {
        String id = current;
        if (id == null) {
            synchronized (NodeId.class) {
                if (current == null) {
                    current = generated();
                }
                id = current;
            }
        }
        return id;
    }

    /** Takes {@code configured} (keel.node.id) as the id unless it is blank; start-up calls this before anything asks. */
    public static synchronized String use(String configured) {
        if (configured != null && !configured.isBlank()) {
            current = configured.trim();
        }
        return current();
    }

    static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        String clean = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        return (clean.length() > 40 ? clean.substring(0, 40) : clean) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
