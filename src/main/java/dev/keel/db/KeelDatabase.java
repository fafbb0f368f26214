package dev.keel.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Keel's database: embedded H2 by default, PostgreSQL through {@code keel.db.url}; the schema is
 * Flyway's {@code db/migration}, the same scripts on both.
 */
public final class KeelDatabase implements AutoCloseable {

    private final CompletableFuture<HikariDataSource> dataSource;

    private KeelDatabase(CompletableFuture<HikariDataSource> dataSource) {
        this.dataSource = dataSource;
    }

    /** Keel ships the H2 and PostgreSQL drivers and migrations; any other URL is refused up front. */
    public static String checkUrl(KeelSettings settings) {
        String url = settings.text("keel.db.url");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw settings.fail("keel.db.url", url, "is not supported; use jdbc:h2:file:... (embedded) or jdbc:postgresql://host/db");
        }
        return url;
    }

    public static KeelDatabase open(KeelSettings settings) {
        return new KeelDatabase(CompletableFuture.completedFuture(connect(settings)));
    }

    /**
     * Opens and migrates on a thread of its own, so start-up goes on meanwhile (a cold Flyway
     * migration costs most of a second in class loading); {@link #dataSource()} waits for it.
     */
    public static KeelDatabase openInBackground(KeelSettings settings, java.util.concurrent.Executor opener) {
        checkUrl(settings);
        CompletableFuture<HikariDataSource> future = new CompletableFuture<>();
        opener.execute(() -> {
            try {
                future.complete(connect(settings));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return new KeelDatabase(future);
    }

    private static HikariDataSource connect(KeelSettings settings) {
        String url = checkUrl(settings);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.startsWith("jdbc:h2:file:./") ? h2Under(settings, url) : url);
        config.setUsername(settings.text("keel.db.user"));
        String password = System.getenv(settings.text("keel.db.password-env"));
        config.setPassword(password == null ? "" : password);
        dev.keel.secrets.SecretMasker.registerValue(password);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setPoolName("keel-db");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (FlywayException e) {
            ds.close();
            throw new ConfigException("keel.db.url", "cannot open or migrate the database (" + firstLine(e.getMessage())
                    + "); check the URL, that the server is up, and " + settings.text("keel.db.password-env"));
        }
        return ds;
    }

    /** A relative H2 file URL means relative to keel.home, not to wherever the JVM started. */
    private static String h2Under(KeelSettings settings, String url) {
        return "jdbc:h2:file:" + settings.home().resolve(url.substring("jdbc:h2:file:./".length())).toString().replace('\\', '/');
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.strip().lines().findFirst().orElse(message);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** The migrated database, waiting for it if it is still being opened; its failure is rethrown as is. */
    public DataSource dataSource() {
        try {
            return dataSource.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (!dataSource.isCompletedExceptionally()) {
            dataSource.join().close();
        }
    }
}
