package dev.keel.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel idempotent repository on Keel's database (plain JDBC, portable SQL), so processed-file keys
 * survive restarts. camel-sql has one too, but it brings Spring JDBC for four statements.
 */
public final class DbIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final Supplier<DataSource> dataSource;
    private final String processor;
    private final Clock clock;

    public DbIdempotentRepository(DataSource dataSource, String processor, Clock clock) {
        this(() -> dataSource, processor, clock);
    }

    /** With a supplier that may wait for the database to finish opening (see KeelDatabase.openInBackground). */
    public DbIdempotentRepository(Supplier<DataSource> dataSource, String processor, Clock clock) {
        this.dataSource = dataSource;
        this.processor = processor;
        this.clock = clock;
    }

    @Override
    public boolean add(String key) {
        try (Connection c = dataSource.get().getConnection();
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO keel_intake_key (processor, message_key, created_at) VALUES (?, ?, ?)")) {
            s.setString(1, processor);
            s.setString(2, key);
            s.setTimestamp(3, Timestamp.from(clock.instant()));
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw new IllegalStateException("idempotent repository: cannot add key: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean contains(String key) {
        try (Connection c = dataSource.get().getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT 1 FROM keel_intake_key WHERE processor = ? AND message_key = ?")) {
            s.setString(1, processor);
            s.setString(2, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("idempotent repository: cannot look up key: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean remove(String key) {
        return update("DELETE FROM keel_intake_key WHERE processor = ? AND message_key = ?", key) > 0;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        update("DELETE FROM keel_intake_key WHERE processor = ?", null);
    }

    /** Forgets keys recorded before {@code cutoff}; the retention sweep calls it. */
    public int purgeBefore(Instant cutoff) {
        try (Connection c = dataSource.get().getConnection();
             PreparedStatement s = c.prepareStatement(
                     "DELETE FROM keel_intake_key WHERE processor = ? AND created_at < ?")) {
            s.setString(1, processor);
            s.setTimestamp(2, Timestamp.from(cutoff));
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("idempotent repository: cannot purge: " + e.getMessage(), e);
        }
    }

    private int update(String sql, String key) {
        try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, processor);
            if (key != null) {
                s.setString(2, key);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("idempotent repository: " + e.getMessage(), e);
        }
    }
}
