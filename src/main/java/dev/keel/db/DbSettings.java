package dev.keel.db;

import dev.keel.boot.KeelSettings;
import dev.keel.cluster.NodeId;

/**
 * The database's keel.db.* settings, validated: a supported URL, a user, the name of the variable holding
 * the password; and {@code keel.node.id}, this node's name among those sharing the database, with
 * {@code keel.node.lease}, how long its claims (content tasks, inbox files) hold unless renewed.
 */
public record DbSettings(String url, String user, String passwordEnv, NodeId node, java.time.Duration lease) {

    public static DbSettings from(KeelSettings settings) {
        String passwordEnv = settings.text("keel.db.password-env");
        if (!passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw settings.fail("keel.db.password-env", passwordEnv, "is not an environment variable name; name the variable"
                    + " that holds the password (like KEEL_DB_PASSWORD), never the password itself");
        }
        return new DbSettings(KeelDatabase.checkUrl(settings), settings.word("keel.db.user"), passwordEnv, NodeId.from(settings),
                settings.duration("keel.node.lease", java.time.Duration.ofSeconds(4), java.time.Duration.ofHours(1)));
    }

    /** Whether other nodes may share the database: PostgreSQL may; an embedded H2 file is one process's. */
    public boolean shared() {
        return url.startsWith("jdbc:postgresql:");
    }
}
