package dev.keel.boot;

import dev.keel.Keel;
import dev.keel.storage.StorageLayout;
import dev.keel.web.WebhookSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.LoggerFactory;

/**
 * Builds a Camel Main for Keel: resolves and checks the settings, points logging at ops/logs, and
 * hands Camel the routes folder, the HTTP servers and every keel.* value. Nothing here logs before
 * the log folder is known.
 */
public final class KeelRuntime {

    private KeelRuntime() {
    }

    /** Settings for {@code home}: defaults, {@code home/keel.properties}, environment, system properties. */
    public static KeelSettings settings(Path home, Map<String, String> env, Properties system) {
        Properties defaults = classpathProperties();
        Properties user = new Properties();
        Path base = home != null ? home : Path.of(system.getProperty("keel.home", env.getOrDefault("KEEL_HOME", ".")));
        Path file = base.resolve("keel.properties");
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                user.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        Properties top = new Properties();
        top.putAll(system);
        if (home != null) {
            top.setProperty("keel.home", home.toString());
        }
        return KeelSettings.resolve(defaults, user, env, top);
    }

    static Properties classpathProperties() {
        Properties defaults = new Properties();
        try (InputStream in = KeelRuntime.class.getResourceAsStream("/application.properties")) {
            defaults.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("application.properties is missing from Keel's jar", e);
        }
        return defaults;
    }

    /**
     * Everything checked before the database opens or Camel starts: every keel.* value parsed and
     * range-checked into its area's record, then the folders and ports. Each failure is one
     * ConfigException line naming the key, where its value came from and the fix.
     */
    public static AreaSettings preflight(KeelSettings settings) {
        AreaSettings areas = AreaSettings.from(settings);
        dev.keel.cluster.ClusterSettings.from(settings); // #17: keel.cluster.* and keel.node.id checked with the rest
        Preflight.routesFolder(settings);
        Preflight.writableFolders(settings, areas.storage().workFolders());
        Preflight.freePort(settings, "keel.http.host", "keel.http.port");
        Preflight.freePort(settings, "keel.management.host", "keel.management.port");
        // alerts.yaml (#18), read once: a bad rule stops start-up here, in its own line
        dev.keel.alert.AlertRulesFile.Read alerts = dev.keel.alert.AlertRulesFile.read(areas.alerts().rulesFile());
        alerts.orRefuse();
        // keel check's fast part (#19): Keel does not start on configuration files it would refuse
        Preflight.workingCopy(settings, areas, alerts);
        return areas;
    }

    /** Logback reads keel.log.dir when it starts: call before anything logs. */
    public static void pointLogsAt(KeelSettings settings) {
        System.setProperty("keel.log.dir", StorageLayout.from(settings).ops().resolve("logs").toString());
    }

    /** The application server's body limit: the larger of the webhook and gateway limits (each surface checks its own). */
    static long serverMaxBody(KeelSettings settings) {
        return Math.max(WebhookSettings.from(settings).maxBodyBytes(), dev.keel.gateway.GatewaySettings.from(settings).maxBodyBytes());
    }

    public static Main main(KeelSettings settings) {
        Main main = new Main();
        main.configure().addConfiguration(KeelConfiguration.class);
        Properties overrides = new Properties();
        overrides.putAll(settings.asMap());
        overrides.setProperty("camel.main.routesIncludePattern",
                "file:" + settings.folder("keel.routes") + "/*.camel.yaml");
        overrides.setProperty("camel.server.enabled", "true");
        overrides.setProperty("camel.server.host", settings.text("keel.http.host"));
        overrides.setProperty("camel.server.port", settings.text("keel.http.port"));
        overrides.setProperty("camel.server.maxBodySize", String.valueOf(serverMaxBody(settings)));
        overrides.setProperty("camel.management.enabled", "true");
        overrides.setProperty("camel.management.host", settings.text("keel.management.host"));
        overrides.setProperty("camel.management.port", settings.text("keel.management.port"));
        main.setOverrideProperties(overrides);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport support) {
                CamelContext camel = support.getCamelContext();
                long sinceJvm = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                LoggerFactory.getLogger(Keel.class).info("Keel ready: {} routes started, {} ms after JVM start; management on {}:{}",
                        camel.getRoutes().size(), sinceJvm, settings.text("keel.management.host"), settings.text("keel.management.port"));
            }
        });
        return main;
    }
}
