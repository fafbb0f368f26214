package dev.keel.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import dev.keel.storage.OwnerOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

    static {
        loopbackOnly();
    }

    /**
     * H2's AUTO_SERVER starts a TCP server with {@code -tcpAllowOthers} on every interface (a random port,
     * written in the .lock.db file) so another process can open the same file while Keel runs: the tools
     * ({@code keel legal check}, {@code keel status}) rely on it. {@code h2.bindAddress} makes H2 bind that
     * server to loopback and name 127.0.0.1 in the lock file. H2 reads the property once, when its
     * SysProperties class loads, so this runs before any H2 class is used (Keel's main calls it first too).
     */
    public static void loopbackOnly() {
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private final CompletableFuture<HikariDataSource> dataSource;
    private final Path embeddedFolder;

    private KeelDatabase(CompletableFuture<HikariDataSource> dataSource, Path embeddedFolder) {
        this.dataSource = dataSource;
        this.embeddedFolder = embeddedFolder;
    }

    /** The folder of the embedded H2 file database; empty for a database server (PostgreSQL) or an in-memory H2. */
    public java.util.Optional<Path> embeddedFolder() {
        return java.util.Optional.ofNullable(embeddedFolder);
    }

    private static Path embeddedFolder(KeelSettings settings) {
        String url = settings.text("keel.db.url");
        return url.startsWith("jdbc:h2:file:") ? h2Folder(settings, url) : null;
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
        return new KeelDatabase(CompletableFuture.completedFuture(connect(settings)), embeddedFolder(settings));
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
        return new KeelDatabase(future, embeddedFolder(settings));
    }

    private static HikariDataSource connect(KeelSettings settings) {
        String url = checkUrl(settings);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(durable(url.startsWith("jdbc:h2:file:./") ? h2Under(settings, url) : url));
        config.setUsername(settings.text("keel.db.user"));
        boolean embeddedFile = url.startsWith("jdbc:h2:file:");
        Path files = embeddedFile ? h2Folder(settings, url) : null;
        boolean existed = files != null && Files.isDirectory(files);
        if (files != null) {
            OwnerOnly.folder(files);
        }
        DatabasePassword password = DatabasePassword.resolve(settings, embeddedFile);
        dev.keel.secrets.SecretMasker.registerValue(password.value());
        if (password.generated() && existed) {
            setPassword(config.getJdbcUrl(), settings.text("keel.db.user"), password.value());
        }
        config.setPassword(password.value());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setPoolName("keel-db");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            // PostgreSQL also gets db/postgresql: the cluster's limit functions and Quartz's tables (#17), which H2 does not need
            String[] locations = url.startsWith("jdbc:postgresql:") ? new String[] {"classpath:db/migration", "classpath:db/postgresql"}
                    : new String[] {"classpath:db/migration"};
            Flyway.configure().dataSource(ds).locations(locations).load().migrate();
        } catch (FlywayException e) {
            ds.close();
            throw new ConfigException("keel.db.url", "cannot open or migrate the database (" + firstLine(e.getMessage())
                    + "); check the URL, that the server is up, and " + settings.text("keel.db.password-env")
                    + " (or the secret " + DatabasePassword.SECRET + ")");
        }
        return ds;
    }

    /**
     * H2's MVStore writes committed changes to its file only every WRITE_DELAY ms (500 by default), so
     * a process killed in that window loses transactions it had acknowledged. With WRITE_DELAY=0 each
     * commit writes its chunk before returning (TransactionStore.endTransaction calls MVStore.commit when
     * the auto-commit delay is 0): the data is then in the OS, safe from a kill -9 though not from a power
     * loss (H2 does not fsync per commit). An explicit WRITE_DELAY in keel.db.url is kept as given.
     */
    static String durable(String url) {
        boolean h2File = url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:./") || url.startsWith("jdbc:h2:/");
        return h2File && !url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=") ? url + ";WRITE_DELAY=0" : url;
    }

    /** The folder an H2 file URL keeps its files in (data/ by default). */
    private static Path h2Folder(KeelSettings settings, String url) {
        String file = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
        Path path = file.startsWith("./") ? settings.home().resolve(file.substring(2)) : Path.of(file);
        return path.toAbsolutePath().normalize().getParent();
    }

    /**
     * A database made before Keel generated its password has user keel with an empty one: the first start
     * with the generated password sets it, so the file is never again open to an empty password.
     */
    private static void setPassword(String url, String user, String password) {
        if (!user.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url, user, "");
             PreparedStatement alter = c.prepareStatement("ALTER USER " + user + " SET PASSWORD ?")) {
            alter.setString(1, password);
            alter.execute();
        } catch (SQLException e) {
            // not the old empty password (the database already has another): the generated one is tried as is
            // no static logger: Keel.main calls loopbackOnly() before the log folder is known, and a static one would start logback there
            org.slf4j.LoggerFactory.getLogger(KeelDatabase.class).warn("Could not set the generated database password on the existing database: {}", firstLine(e.getMessage()));
        }
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
