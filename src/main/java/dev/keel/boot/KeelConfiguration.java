package dev.keel.boot;

import dev.keel.db.KeelDatabase;
import dev.keel.export.ExportIntake;
import dev.keel.guard.GuardHealthCheck;
import dev.keel.guard.GuardSettings;
import dev.keel.guard.IntakeControl;
import dev.keel.guard.ResourceGuard;
import dev.keel.health.BackgroundSampler;
import dev.keel.health.HealthPoll;
import dev.keel.health.HostSampler;
import dev.keel.health.OshiHostSampler;
import dev.keel.legal.LegalSync;
import dev.keel.night.CatchUp;
import dev.keel.night.NightRun;
import dev.keel.night.NightSchedule;
import dev.keel.reports.LoggingReport;
import dev.keel.gateway.AgentKeys;
import dev.keel.gateway.ChatCompletions;
import dev.keel.router.Cooldowns;
import dev.keel.ledger.CostLedger;
import dev.keel.router.ModelGateway;
import dev.keel.router.OllamaCheck;
import dev.keel.router.ProviderCalls;
import dev.keel.router.ProviderRoutes;
import dev.keel.router.RouterConfig;
import dev.keel.router.RouterReport;
import dev.keel.secrets.Publisher;
import dev.keel.secrets.SecretStore;
import dev.keel.secrets.SecretsAudit;
import dev.keel.web.ApplicationHttpEngine;
import dev.keel.web.Inboxes;
import dev.keel.web.TaskStatus;
import dev.keel.web.WebhookReceiver;
import dev.keel.reports.StorageReport;
import dev.keel.storage.DbIdempotentRepository;
import dev.keel.storage.ErrorSidecar;
import dev.keel.storage.InProgressRecovery;
import dev.keel.storage.IntakeGate;
import dev.keel.storage.StorageLayout;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
import dev.keel.content.ContentWorker;
import dev.keel.router.ModelGateway;
import oshi.SystemInfo;

/**
 * Wires Keel's beans into Camel from the {@code keel.*} properties: database, storage rules,
 * ResourceGuard, health poll and reports. Routes refer to these beans by name.
 */
public final class KeelConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KeelConfiguration.class);
    public static final String GUARD_MBEAN = "dev.keel:type=ResourceGuard";

    @Override
    public void configure(CamelContext camel) throws Exception {
        KeelSettings settings = settingsOf(camel);
        KeelDatabase database = KeelDatabase.openInBackground(settings);
        java.util.concurrent.CompletableFuture<RouterConfig> routerConfig = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> RouterConfig.load(settings.folder("keel.router.providers-file")), r -> {
                    Thread t = new Thread(r, "keel-router-config");
                    t.setDaemon(true);
                    t.start();
                });
        Clock clock = Clock.systemUTC();
        StorageLayout layout = StorageLayout.from(settings);
        for (Path folder : layout.workFolders().values()) {
            Files.createDirectories(folder);
        }
        publishDerived(camel.getPropertiesComponent(), settings, layout);
        Publisher.quarantineIn(layout.home().resolve("quarantine"));

        camel.addService(new Closing(database));
        camel.getRegistry().bind("keelDatabase", database);
        DbIdempotentRepository intakeKeys = new DbIdempotentRepository(database::dataSource, "intake", clock);
        camel.getRegistry().bind("keelIdempotentRepository", intakeKeys);
        camel.getRegistry().bind("intakeGate", new IntakeGate(layout, clock));
        camel.getRegistry().bind("errorSidecar", new ErrorSidecar(clock));
        LegalSync legalSync = KeelBeans.legalSync(settings, database, layout, clock);
        camel.getRegistry().bind("legalSync", legalSync);
        // renderers and fonts are made on the first export, not here: start-up stays fast
        camel.getRegistry().bind("exportIntake", new ExportIntake(KeelBeans.exporter(settings, layout, clock), layout));
        SecretStore secrets = KeelBeans.secretStore(settings);
        camel.getRegistry().bind("secretStore", secrets);
        SecretsAudit audit = KeelBeans.secretsAudit(settings, secrets);
        Runnable secretsReport = () -> audit.writeReport(layout.opsFile("configs", "SECRETS.md"), clock.instant(),
                settings.text("keel.db.password-env"), System.getenv(settings.text("keel.db.password-env")) != null);
        Inboxes inboxes = new Inboxes(camel);
        dev.keel.web.TaskTokens taskTokens = dev.keel.web.TaskTokens.from(secrets);
        camel.getRegistry().bind("webhookReceiver", new WebhookReceiver(inboxes, layout, secrets,
                KeelBeans.list(settings.text("keel.webhooks.sources")), settings.integer("keel.webhooks.max-body-kb", 1, 1_048_576) * 1024L,
                settings.duration("keel.webhooks.window", Duration.ofSeconds(10), Duration.ofHours(24)),
                settings.duration("keel.secrets.overlap", Duration.ZERO, Duration.ofDays(30)), clock, taskTokens));
        camel.getRegistry().bind("taskStatus", new TaskStatus(inboxes, layout, taskTokens, clock));
        // --- HTTP front (issue #16): limits applied before Camel reads a body or takes a worker thread ---
        int gatewayCalls = settings.integer("keel.gateway.max-calls", 1, 10_000);
        camel.getRegistry().bind("keelVertxOptions", new io.vertx.core.VertxOptions()
                .setWorkerPoolSize(dev.keel.web.HttpFront.workerPoolSize(gatewayCalls))
                // a worker waits on its provider up to keel.router.timeout: that is not a blocked thread to report
                .setMaxWorkerExecuteTime(settings.duration("keel.router.timeout", Duration.ofSeconds(1), Duration.ofMinutes(30))
                        .plusSeconds(30).toNanos()));
        dev.keel.web.HttpFront front = new dev.keel.web.HttpFront(new dev.keel.web.HttpFront.Limits(
                settings.duration("keel.http.idle-timeout", Duration.ofSeconds(1), Duration.ofHours(1)), gatewayCalls,
                settings.integer("keel.webhooks.max-body-kb", 1, 1_048_576) * 1024L,
                settings.integer("keel.gateway.max-body-kb", 1, 1_048_576) * 1024L,
                KeelRuntime.serverMaxBody(settings)),
                () -> camel.getRegistry().lookupByNameAndType("webhookReceiver", WebhookReceiver.class));
        camel.getRegistry().bind("platform-http-engine", new ApplicationHttpEngine(
                camel.getPropertiesComponent().resolveProperty("camel.server.port").map(Integer::parseInt).orElse(8080), front));
        int managementPort = settings.integer("keel.management.port", 0, 65_535);
        dev.keel.web.JolokiaGuard jolokia = new dev.keel.web.JolokiaGuard("/observe/jolokia", dev.keel.web.JolokiaGuard.origins(
                settings.text("keel.management.host"), managementPort, KeelBeans.list(settings.text("keel.management.allowed-origins"))),
                secrets);
        camel.addStartupListener((context, alreadyStarted) -> {
            if (!alreadyStarted) {
                var router = org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter.lookup(context,
                        org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter.getRouterNameFromPort(managementPort));
                if (router == null) {
                    throw new IllegalStateException("no management server on port " + managementPort + " to guard Jolokia on");
                }
                jolokia.installOn(router);
            }
        });
        // --- end HTTP front ---
        Duration secretsPoll = settings.duration("keel.secrets.poll-interval", Duration.ofSeconds(1), Duration.ofHours(1));
        InProgressRecovery.recover(layout.inbox()).forEach(p -> LOG.warn("Recovered {} left in progress by an earlier run", p));

        PrometheusMeterRegistry meters = meterRegistry(camel);

        Map<String, Path> folders = new TreeMap<>();
        layout.workFolders().forEach((key, path) -> folders.put(key.substring("keel.storage.".length()), path));
        HostSampler sampler = new BackgroundSampler(() -> {
            SystemInfo system = new SystemInfo();
            return new OshiHostSampler(system.getHardware().getProcessor(), system.getHardware().getMemory(),
                    system.getOperatingSystem(), folders, clock);
        });
        GuardSettings guardSettings = GuardSettings.from(settings);
        ResourceGuard guard = new ResourceGuard(guardSettings.policy(), sampler, guardSettings.mode(),
                guardSettings.localLimitOk(), guardSettings.localLimitHot(), meters, clock.instant());
        guard.addListener(new IntakeControl(camel));
        camel.getRegistry().bind("resourceGuard", guard);
        camel.getRegistry().bind("guardHealthCheck", new GuardHealthCheck(guard));
        registerMBean(guard);
        camel.addService(new Closing(guard::stop));

        Duration interval = HealthPoll.interval(settings);
        Map<String, io.github.resilience4j.circuitbreaker.CircuitBreaker> circuits = new java.util.concurrent.ConcurrentHashMap<>();
        Duration callTimeout = settings.duration("keel.router.timeout", Duration.ofSeconds(1), Duration.ofMinutes(30));
        Cooldowns cooldowns = new Cooldowns(clock);
        CostLedger ledger = new CostLedger(database::dataSource, meters, clock, java.time.ZoneId.systemDefault());
        camel.addService(new Closing(ledger::flush));
        ModelGateway gateway = new ModelGateway(routerConfig::join, new ProviderCalls(secrets, callTimeout, cooldowns),
                ledger, guard, circuits, cooldowns, clock,
                settings.duration("keel.router.local-wait", Duration.ZERO, Duration.ofMinutes(30)),
                settings.duration("keel.router.retry-after-max", Duration.ZERO, Duration.ofMinutes(10)),
                settings.duration("keel.router.queue-wait", Duration.ZERO, Duration.ofMinutes(30)));
        camel.getRegistry().bind("modelGateway", gateway);
        ContentWorker contentWorker = KeelBeans.contentWorker(settings, database, layout, gateway, meters, clock);
        camel.getRegistry().bind("contentWorker", contentWorker);
        camel.getRegistry().bind("contentIntake", KeelBeans.contentIntake(settings, database, layout, contentWorker, clock));
        camel.getRegistry().bind("chatCompletions", new ChatCompletions(
                new AgentKeys(secrets, KeelBeans.list(settings.text("keel.gateway.agents")),
                        settings.duration("keel.secrets.overlap", Duration.ZERO, Duration.ofDays(30))),
                routerConfig::join, camel.getExecutorServiceManager().newCachedThreadPool(this, "keel-gateway-stream"),
                settings.integer("keel.gateway.max-streams", 1, 10_000),
                settings.integer("keel.gateway.max-body-kb", 1, 1_048_576) * 1024L, callTimeout, clock));
        Duration circuitOpen = settings.duration("keel.router.circuit-open", Duration.ofSeconds(1), Duration.ofHours(1));
        HealthPoll poll = new HealthPoll(sampler, guard, layout.opsFile("health", "HEALTH.md"), interval,
                settings.integer("keel.health.trend-size", 1, 1000));
        poll.bindTo(meters, folders.keySet().stream().toList());
        camel.getRegistry().bind("healthPoll", poll);

        NightRun night = KeelBeans.nightRun(settings, database, layout, intakeKeys, legalSync, guard, meters,
                () -> KeelBeans.tools(camel, settings), contentWorker::releaseNight, clock);
        camel.getRegistry().bind("nightRun", night);
        camel.getRegistry().bind("nightSchedule", new NightSchedule(night,
                CatchUp.cron(settings.text("keel.night.cron"), java.util.TimeZone.getDefault()),
                settings.duration("keel.night.catch-up", Duration.ZERO, Duration.ofDays(7))));
        LoggingReport.write(layout.opsFile("logs", "LOGGING.md"));
        camel.addStartupListener(new org.apache.camel.StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // routes from templates are made once the context runs (see onCamelContextFullyStarted)
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                // called once, when every route has started (alreadyStarted is true by then)
                ProviderRoutes.add(context, routerConfig.join(), circuits, circuitOpen);
            }
        });
        camel.addStartupListener((context, alreadyStarted) -> {
            if (!alreadyStarted) {
                database.dataSource(); // "ready" means migrated: a database that cannot open fails start-up here
                ScheduledExecutorService executor = context.getExecutorServiceManager()
                        .newSingleThreadScheduledExecutor(guard, "keel-resource-guard");
                guard.start(executor, guardSettings.sampleInterval());
                secretsReport.run();
                // ROUTER.md off the start-up path
                executor.execute(() -> writeRouterReport(settings, layout, clock, routerConfig.join(), callTimeout));
                executor.scheduleWithFixedDelay(() -> refreshSafely(secrets, secretsReport), secretsPoll.toMillis(),
                        secretsPoll.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
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

    /** ROUTER.md with what each Ollama has installed; with keel.ollama.pull-missing, pulls what is missing and writes it again. */
    private static void writeRouterReport(KeelSettings settings, StorageLayout layout, Clock clock, RouterConfig config, Duration pullTimeout) {
        Path file = settings.folder("keel.router.providers-file");
        String source = Files.isRegularFile(file) ? file.toString() : "the built-in providers.yaml";
        try {
            List<OllamaCheck.Report> local = OllamaCheck.check(config, Duration.ofSeconds(3));
            RouterReport.write(layout.opsFile("configs", "ROUTER.md"), config, source, clock.instant(), local);
            if (settings.flag("keel.ollama.pull-missing")
                    && local.stream().anyMatch(r -> !r.missing().isEmpty())) {
                local.forEach(r -> OllamaCheck.pull(r, pullTimeout.multipliedBy(10)));
                RouterReport.write(layout.opsFile("configs", "ROUTER.md"), config, source, clock.instant(),
                        OllamaCheck.check(config, Duration.ofSeconds(3)));
            }
        } catch (RuntimeException e) {
            LOG.error("ROUTER.md not written: {}", e.getMessage());
        }
    }

    private static void refreshSafely(SecretStore secrets, Runnable report) {
        try {
            if (secrets.refresh()) {
                report.run();
            }
        } catch (RuntimeException e) {
            LOG.error("Secret refresh failed, keeping the values in use: {}", e.getMessage());
        }
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
        properties.addOverrideProperty("keel.content.progress-interval-ms", String.valueOf(settings.duration("keel.content.progress-interval",
                Duration.ofSeconds(1), Duration.ofHours(1)).toMillis()));
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
