package dev.keel;

import dev.keel.config.KeelSettings;
import dev.keel.db.KeelDatabase;
import dev.keel.guard.GuardHealthCheck;
import dev.keel.guard.GuardSettings;
import dev.keel.guard.IntakeControl;
import dev.keel.guard.ResourceGuard;
import dev.keel.health.HealthPoll;
import dev.keel.health.OshiHostSampler;
import dev.keel.legal.LegalIndex;
import dev.keel.legal.LegalQueries;
import dev.keel.legal.LegalSync;
import dev.keel.reports.LoggingReport;
import dev.keel.reports.StorageReport;
import dev.keel.storage.DbIdempotentRepository;
import dev.keel.storage.ErrorSidecar;
import dev.keel.storage.InProgressRecovery;
import dev.keel.storage.IntakeGate;
import dev.keel.storage.Retention;
import dev.keel.storage.StorageLayout;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import javax.management.ObjectName;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;

/**
 * Wires Keel's beans into Camel from the {@code keel.*} properties: database, storage rules,
 * ResourceGuard, health poll and reports. Routes refer to these beans by name.
 */
public final class KeelConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KeelConfiguration.class);
    static final String GUARD_MBEAN = "dev.keel:type=ResourceGuard";

    @Override
    public void configure(CamelContext camel) throws Exception {
        KeelSettings settings = settingsOf(camel);
        KeelDatabase database = KeelDatabase.openInBackground(settings);
        Clock clock = Clock.systemUTC();
        StorageLayout layout = StorageLayout.from(settings);
        for (Path folder : layout.workFolders().values()) {
            Files.createDirectories(folder);
        }
        publishDerived(camel.getPropertiesComponent(), settings, layout);

        camel.addService(new Closing(database));
        camel.getRegistry().bind("keelDatabase", database);
        camel.getRegistry().bind("keelIdempotentRepository", new DbIdempotentRepository(database::dataSource, "intake", clock));
        camel.getRegistry().bind("intakeGate", new IntakeGate(layout, clock));
        camel.getRegistry().bind("errorSidecar", new ErrorSidecar(clock));
        camel.getRegistry().bind("retention", new Retention(layout.archive(), layout.retentionDays()));
        camel.getRegistry().bind("legalSync", legalSync(settings, database, layout, clock));
        InProgressRecovery.recover(layout.inbox()).forEach(p -> LOG.warn("Recovered {} left in progress by an earlier run", p));

        PrometheusMeterRegistry meters = meterRegistry(camel);

        Map<String, Path> folders = new TreeMap<>();
        layout.workFolders().forEach((key, path) -> folders.put(key.substring("keel.storage.".length()), path));
        SystemInfo system = new SystemInfo();
        OshiHostSampler sampler = new OshiHostSampler(system.getHardware().getProcessor(), system.getHardware().getMemory(),
                system.getOperatingSystem(), folders, clock);
        GuardSettings guardSettings = GuardSettings.from(settings);
        ResourceGuard guard = new ResourceGuard(guardSettings.policy(), sampler, guardSettings.mode(),
                guardSettings.localLimitOk(), guardSettings.localLimitHot(), meters, clock.instant());
        guard.addListener(new IntakeControl(camel));
        camel.getRegistry().bind("resourceGuard", guard);
        camel.getRegistry().bind("guardHealthCheck", new GuardHealthCheck(guard));
        registerMBean(guard);
        camel.addService(new Closing(guard::stop));

        Duration interval = HealthPoll.interval(settings);
        HealthPoll poll = new HealthPoll(sampler, guard, layout.opsFile("health", "HEALTH.md"), interval,
                settings.integer("keel.health.trend-size", 1, 1000));
        poll.bindTo(meters, folders.keySet().stream().toList());
        camel.getRegistry().bind("healthPoll", poll);

        LoggingReport.write(layout.opsFile("logs", "LOGGING.md"));
        camel.addStartupListener((context, alreadyStarted) -> {
            if (!alreadyStarted) {
                database.dataSource(); // "ready" means migrated: a database that cannot open fails start-up here
                ScheduledExecutorService executor = context.getExecutorServiceManager()
                        .newSingleThreadScheduledExecutor(guard, "keel-resource-guard");
                guard.start(executor, guardSettings.sampleInterval());
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

    static LegalSync legalSync(KeelSettings settings, KeelDatabase database, StorageLayout layout, Clock clock) {
        return new LegalSync(new LegalIndex(database::dataSource, clock), new LegalQueries(database::dataSource),
                layout.outbox().resolve("legal"), layout.opsFile("logs", "LEGAL_SYNC.md"),
                settings.integer("keel.legal.max-file-mb", 1, 4096) * 1024L * 1024L, settings.text("keel.legal.regenerate-to"), clock);
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
    private static void publishDerived(PropertiesComponent properties, KeelSettings settings, StorageLayout layout) {
        layout.workFolders().forEach((key, path) -> properties.addOverrideProperty(key, path.toString()));
        properties.addOverrideProperty("keel.health.interval-ms", String.valueOf(HealthPoll.interval(settings).toMillis()));
        properties.addOverrideProperty("keel.storage.min-age-ms", String.valueOf(layout.minAge().toMillis()));
        properties.addOverrideProperty("keel.storage.poll-interval-ms", String.valueOf(layout.pollInterval().toMillis()));
    }

    private static void registerMBean(ResourceGuard guard) throws Exception {
        var server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(GUARD_MBEAN);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(guard, name);
    }

    /** Closes a resource when the CamelContext stops. */
    private static final class Closing extends ServiceSupport {
        private final AutoCloseable resource;

        Closing(AutoCloseable resource) {
            this.resource = resource;
        }

        @Override
        protected void doStop() throws Exception {
            resource.close();
        }
    }
}
