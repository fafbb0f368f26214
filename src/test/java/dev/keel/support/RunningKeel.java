package dev.keel.support;

import dev.keel.boot.KeelRuntime;
import dev.keel.boot.KeelSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * Keel started the way `keel run` starts it (KeelRuntime: settings, preflight, both HTTP servers),
 * in a home of the test's, on free loopback ports, with an in-memory database and the guard observing.
 */
public final class RunningKeel implements AutoCloseable {

    private final Main main;
    private final int httpPort;
    private final int managementPort;

    private RunningKeel(Main main, int httpPort, int managementPort) {
        this.main = main;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /** Starts Keel; {@code settings} add to or override the test defaults. */
    public static RunningKeel start(Path home, String database, Map<String, String> settings) throws Exception {
        int http = freePort();
        int management = freePort();
        Properties system = new Properties();
        system.setProperty("keel.routes", Path.of("routes").toAbsolutePath().toString());
        system.setProperty("keel.db.url", "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
        system.setProperty("keel.guard.mode", "observe");
        system.setProperty("keel.http.port", String.valueOf(http));
        system.setProperty("keel.management.port", String.valueOf(management));
        system.setProperty("keel.storage.min-age", "0s");
        system.setProperty("keel.storage.poll-interval", "100ms");
        settings.forEach(system::setProperty);
        KeelSettings resolved = KeelRuntime.settings(home, Map.of(), system);
        KeelRuntime.preflight(resolved);
        Main main = KeelRuntime.main(resolved);
        main.start();
        return new RunningKeel(main, http, management);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        main.stop();
    }
}
