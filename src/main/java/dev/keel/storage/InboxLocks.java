package dev.keel.storage;

import dev.keel.cluster.NodeId;
import dev.keel.db.Jdbc;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The read locks of the inboxes when nodes share them: Camel's {@code readLock=idempotent-changed}
 * adds a file's path here before it takes the file, and the one node whose insert wins takes it. Each
 * row names its node and holds for a lease the node renews, so a lock a dead node left behind is
 * taken over once its lease ran out, rather than blocking that file forever.
 */
public final class InboxLocks extends ServiceSupport implements IdempotentRepository {

    private final Jdbc jdbc;
    private final NodeId node;
    private final Duration lease;
    private final Clock clock;

    public InboxLocks(Supplier<DataSource> dataSource, NodeId node, Duration lease, Clock clock) {
        this.jdbc = new Jdbc(dataSource, "inbox locks");
        this.node = node;
        this.lease = lease;
        this.clock = clock;
    }

    /** Takes the lock on {@code key}: true when it was free, or held by a node whose lease ran out. */
    @Override
    public boolean add(String key) {
        Timestamp until = Timestamp.from(clock.instant().plus(lease));
        if (jdbc.insertUnlessPresent("INSERT INTO keel_inbox_lock (lock_key, node_id, lease_until) VALUES (?, ?, ?)", key, node.value(),
                until)) {
            return true;
        }
        return jdbc.update("UPDATE keel_inbox_lock SET node_id = ?, lease_until = ? WHERE lock_key = ? AND lease_until < ?", node.value(),
                until, key, Timestamp.from(clock.instant())) == 1;
    }

    /** Whether a live node holds {@code key}. */
    @Override
    public boolean contains(String key) {
        return jdbc.first("SELECT 1 FROM keel_inbox_lock WHERE lock_key = ? AND lease_until >= ?", r -> true, key,
                Timestamp.from(clock.instant())).isPresent();
    }

    /** Releases this node's lock on {@code key} (another node's is not touched). */
    @Override
    public boolean remove(String key) {
        return jdbc.update("DELETE FROM keel_inbox_lock WHERE lock_key = ? AND node_id = ?", key, node.value()) > 0;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    /** Releases every lock of this node. */
    @Override
    public void clear() {
        jdbc.update("DELETE FROM keel_inbox_lock WHERE node_id = ?", node.value());
    }

    /** At start on a database no other node shares: every lock is a stopped run's. */
    public int releaseAll() {
        return jdbc.update("DELETE FROM keel_inbox_lock");
    }

    /** This node still works on the files it locked: their leases run from now again. */
    public int renew() {
        return jdbc.update("UPDATE keel_inbox_lock SET lease_until = ? WHERE node_id = ?", Timestamp.from(clock.instant().plus(lease)),
                node.value());
    }
}
