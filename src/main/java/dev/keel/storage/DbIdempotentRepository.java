package dev.keel.storage;

import dev.keel.db.Jdbc;
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

    private final Jdbc jdbc;
    private final String processor;
    private final Clock clock;

    public DbIdempotentRepository(DataSource dataSource, String processor, Clock clock) {
        this(() -> dataSource, processor, clock);
    }

    /** With a supplier that may wait for the database to finish opening (see KeelDatabase.openInBackground). */
    public DbIdempotentRepository(Supplier<DataSource> dataSource, String processor, Clock clock) {
        this.jdbc = new Jdbc(dataSource, "idempotent repository");
        this.processor = processor;
        this.clock = clock;
    }

    @Override
    public boolean add(String key) {
        return jdbc.insertUnlessPresent("INSERT INTO keel_intake_key (processor, message_key, created_at) VALUES (?, ?, ?)",
                processor, key, Timestamp.from(clock.instant()));
    }

    @Override
    public boolean contains(String key) {
        return jdbc.first("SELECT 1 FROM keel_intake_key WHERE processor = ? AND message_key = ?", r -> true, processor, key).isPresent();
    }

    @Override
    public boolean remove(String key) {
        return jdbc.update("DELETE FROM keel_intake_key WHERE processor = ? AND message_key = ?", processor, key) > 0;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        jdbc.update("DELETE FROM keel_intake_key WHERE processor = ?", processor);
    }

    /** Forgets keys recorded before {@code cutoff}; the retention sweep calls it. */
    public int purgeBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM keel_intake_key WHERE processor = ? AND created_at < ?", processor, Timestamp.from(cutoff));
    }
}
