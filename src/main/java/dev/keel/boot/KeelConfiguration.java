package dev.keel.boot;

import dev.keel.content.ContentWorker;
import dev.keel.guard.ResourceGuard;
import dev.keel.legal.LegalSync;
import dev.keel.reports.LoggingReport;
import dev.keel.reports.StorageReport;
import dev.keel.secrets.SecretStore;
import dev.keel.storage.StorageLayout;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Wires Keel's beans into Camel, one area at a time; each area's wiring class says which beans it
 * binds (routes refer to them by name): storage and the database ({@link StorageWiring}), secrets,
 * the guard and health poll, the router with {@code modelGateway}, the agents' gateway, webhooks,
 * legal, export, content and the night run. Values come from the typed {@link AreaSettings}.
 */
public final class KeelConfiguration implements CamelConfiguration {

    public static final String GUARD_MBEAN = "dev.keel:type=ResourceGuard";

    @Override
    public void configure(CamelContext camel) throws Exception {
        MBeanInfoByClass.install(camel); // before the context starts: #20, JMX registration was 17 % of the start
        KeelSettings settings = settingsOf(camel);
        AreaSettings areas = AreaSettings.from(settings);
        Clock clock = Clock.systemUTC();
        publishDerived(camel.getPropertiesComponent(), areas);
        PrometheusMeterRegistry meters = meterRegistry(camel);

        StorageWiring.Storage storage = StorageWiring.bind(camel, settings, areas, clock);
        SecretStore secrets = SecretsWiring.bind(camel, settings, areas, clock);
        ResourceGuard guard = GuardWiring.bind(camel, areas, meters, clock);
        // several nodes on one PostgreSQL (#17 part B): node id, heartbeat, once-per-cluster timers, shared limits
        ClusterWiring.Cluster cluster = ClusterWiring.bind(camel, settings, storage, clock);
        RouterWiring.Router router = RouterWiring.bind(camel, areas, storage, secrets, guard, meters, clock, cluster.limits());
        GatewayWiring.bind(camel, areas, secrets, router.config(), clock);
        WebWiring.bind(camel, areas, secrets, clock);
        LegalSync legal = LegalWiring.bind(camel, settings, areas, storage.database(), clock);
        dev.keel.export.Exporter exporter = ExportWiring.bind(camel, areas, clock);
        ContentWorker content = ContentWiring.bind(camel, areas, storage.database(), router.gateway(), meters, clock);
        // MCP server (#19): /mcp, its tools, prompts and resources
        McpWiring.bind(camel, settings, areas, storage, secrets, router, guard, meters, exporter, clock);
        NightWiring.bind(camel, settings, areas, storage, legal, guard, router.ledger(), meters, content::releaseNight, clock);
        AlertWiring.bind(camel, settings, areas, storage, secrets, guard, router, meters, clock); // alerts (#18): alertBook
        // the operators' dashboard (#18): /, /login, /api/dashboard/..., /files/...
        DashboardWiring.bind(camel, areas, storage, secrets, guard, router, content, clock);

        StorageLayout layout = areas.storage();
        LoggingReport.write(layout.opsFile("logs", "LOGGING.md"));
        camel.addStartupListener((context, alreadyStarted) -> {
            if (!alreadyStarted) {
                StorageReport.write(context, layout);
            }
        });
    }

    /** The registry /observe/metrics serves (camel-micrometer-prometheus makes it when metrics are on). */
    private static PrometheusMeterRegistry meterRegistry(CamelContext camel) {
        PrometheusMeterRegistry found = camel.getRegistry().findSingleByType(PrometheusMeterRegistry.class);
        if (found != null) {
            return found;
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        camel.getRegistry().bind("prometheusMeterRegistry", meters);
        return meters;
    }

    /** Every documented keel.* key as Camel resolves it (overrides, environment, defaults). */
    static KeelSettings settingsOf(CamelContext camel) {
        PropertiesComponent properties = camel.getPropertiesComponent();
        Properties defaults = KeelRuntime.classpathProperties();
        Map<String, String> values = new TreeMap<>();
        for (String key : defaults.stringPropertyNames()) {
            if (key.startsWith("keel.")) {
                values.put(key, properties.resolveProperty(key).orElse(defaults.getProperty(key)));
            }
        }
        return KeelSettings.of(values);
    }

    /** Routes read absolute folders and millisecond values; Keel derives them so users write 5m and relative paths. */
    public static void publishDerived(PropertiesComponent properties, AreaSettings areas) {
        StorageLayout layout = areas.storage();
        layout.workFolders().forEach((key, path) -> properties.addOverrideProperty(key, path.toString()));
        properties.addOverrideProperty("keel.health.interval-ms", String.valueOf(areas.health().interval().toMillis()));
        properties.addOverrideProperty("keel.storage.min-age-ms", String.valueOf(layout.minAge().toMillis()));
        properties.addOverrideProperty("keel.storage.poll-interval-ms", String.valueOf(layout.pollInterval().toMillis()));
        properties.addOverrideProperty("keel.storage.lock-check-ms", String.valueOf(layout.lockCheck().toMillis()));
        properties.addOverrideProperty("keel.content.progress-interval-ms", String.valueOf(areas.content().progressInterval().toMillis()));
        // cluster (#17): with other nodes on the inboxes a released read lock waits 10 s, alone it is released at once
        properties.addOverrideProperty("keel.storage.lock-release-ms", areas.db().shared() ? "10000" : "0");
    }
}
