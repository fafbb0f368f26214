package dev.keel.boot;

import dev.keel.storage.BackupRetention;
import dev.keel.content.BatchFile;
import dev.keel.content.ContentIntake;
import dev.keel.content.ContentOutput;
import dev.keel.content.ContentProgress;
import dev.keel.content.ContentQueue;
import dev.keel.content.ContentTemplates;
import dev.keel.content.ContentWorker;
import dev.keel.content.PromptStore;
import dev.keel.content.safety.SafetyConfig;
import dev.keel.db.KeelDatabase;
import dev.keel.export.ExportSettings;
import dev.keel.export.Exporter;
import dev.keel.guard.ResourceGuard;
import dev.keel.legal.LegalIndex;
import dev.keel.legal.LegalQueries;
import dev.keel.legal.LegalSync;
import dev.keel.night.NightLedger;
import dev.keel.night.NightRun;
import dev.keel.night.NightSteps;
import dev.keel.reports.ToolsTracker;
import dev.keel.ledger.CostLedger;
import dev.keel.router.ModelGateway;
import dev.keel.router.OllamaBench;
import dev.keel.router.RouterConfig;
import dev.keel.secrets.SecretStore;
import dev.keel.secrets.SecretsAudit;
import dev.keel.storage.DbIdempotentRepository;
import dev.keel.storage.StorageLayout;
import dev.keel.web.WebhookReceiver;
import java.nio.file.Path;
import java.time.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;

/**
 * The beans both the runtime (KeelConfiguration) and the CLI tools (legal check, secrets check,
 * night --now) build from the same settings, so a tool and a running Keel never disagree.
 */
public final class KeelBeans {

    private KeelBeans() {
    }

    public static LegalSync legalSync(KeelSettings settings, KeelDatabase database, StorageLayout layout, Clock clock) {
        return new LegalSync(new LegalIndex(database::dataSource, clock), new LegalQueries(database::dataSource),
                layout.outbox().resolve("legal"), layout.opsFile("logs", "LEGAL_SYNC.md"),
                settings.integer("keel.legal.max-file-mb", 1, 4096) * 1024L * 1024L, settings.text("keel.legal.regenerate-to"), clock);
    }

    /** The exporter of the export workflow and of {@code keel export}: bundles in outbox/export, EXPORT_PIPELINE.md in ops/configs. */
    static Exporter exporter(KeelSettings settings, StorageLayout layout, Clock clock) {
        return new Exporter(ExportSettings.from(settings), layout.outbox().resolve("export"),
                layout.opsFile("configs", "EXPORT_PIPELINE.md"), clock);
    }

    /** The content workers: queue, outputs in outbox/content, progress metrics, the safety policy read again for each batch. */
    static ContentWorker contentWorker(KeelSettings settings, KeelDatabase database, StorageLayout layout,
                                                       ModelGateway gateway,
                                                       MeterRegistry meters, Clock clock) {
        ContentQueue queue = new ContentQueue(database::dataSource, clock);
        ContentProgress progress = new ContentProgress(meters, () -> {
            try {
                return queue.ready();
            } catch (RuntimeException e) {
                return -1; // the database is not open yet
            }
        }, clock);
        Path safety = settings.folder("keel.content.safety-file");
        return new ContentWorker(queue, new ContentOutput(layout.outbox().resolve("content"), settings.flag("keel.content.fsync-outputs")), progress,
                gateway, () -> SafetyConfig.load(safety), clock, java.time.ZoneId.systemDefault(),
                settings.integer("keel.content.window", 1, 100_000), settings.integer("keel.content.max-attempts", 1, 100),
                settings.duration("keel.content.retry-delay", Duration.ofSeconds(1), Duration.ofDays(1)),
                settings.integer("keel.content.max-output-tokens", 1, 1_000_000));
    }

    /** The content inbox's bean: batch files read against the prompt bank and the output templates, streamed into the queue. */
    static ContentIntake contentIntake(KeelSettings settings, KeelDatabase database, StorageLayout layout,
                                                       ContentWorker worker, Clock clock) {
        PromptStore prompts = new PromptStore(settings.folder("keel.content.prompts"),
                database::dataSource, clock);
        ContentTemplates templates = new ContentTemplates(settings.folder("keel.content.templates"),
                settings.text("keel.content.template"));
        return new ContentIntake(new BatchFile(prompts, templates,
                settings.integer("keel.content.max-file-mb", 1, 1024) * 1024L * 1024L), worker,
                settings.integer("keel.content.queue-max", 1, 100_000_000), Duration.ofMillis(500));
    }

    /** The audit of the secret store, every secret in the folders and every webhook source's and agent's secret loaded. */
    public static SecretsAudit secretsAudit(KeelSettings settings, SecretStore secrets) {
        SecretsAudit audit = new SecretsAudit(secrets, settings.duration("keel.secrets.rotate-after", Duration.ofDays(1),
                Duration.ofDays(3650)));
        audit.loadAll(java.util.stream.Stream.concat(
                list(settings.text("keel.webhooks.sources")).stream().map(WebhookReceiver::secretName),
                list(settings.text("keel.gateway.agents")).stream().map(dev.keel.gateway.AgentKeys::secretName)).toList());
        return audit;
    }

    /** The secret store the runtime and the CLI tools read: the secrets folder, Docker secrets, the environment. */
    public static SecretStore secretStore(KeelSettings settings) {
        return new SecretStore(settings.folder("keel.secrets.dir"), Path.of(settings.text("keel.secrets.docker-dir")), System.getenv(),
                Clock.systemUTC());
    }

    public static List<String> list(String commaSeparated) {
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    public static NightRun nightRun(KeelSettings settings, KeelDatabase database, StorageLayout layout, DbIdempotentRepository intakeKeys,
                             LegalSync legal, ResourceGuard guard, MeterRegistry meters,
                             java.util.function.Supplier<List<ToolsTracker.Tool>> tools, java.util.function.IntSupplier releaseNight,
                             Clock clock) {
        NightSteps.BackupPlan backup = new NightSteps.BackupPlan(settings.folder("keel.backup.dir"),
                settings.flag("keel.backup.include-outbox"), new BackupRetention(settings.integer("keel.backup.keep-daily", 0, 366),
                settings.integer("keel.backup.keep-weekly", 0, 520), settings.integer("keel.backup.keep-monthly", 0, 1200),
                java.time.ZoneId.systemDefault()));
        java.util.function.Supplier<RouterConfig> routing = () -> RouterConfig.load(settings.folder("keel.router.providers-file"));
        OllamaBench bench = new OllamaBench(routing, settings.duration("keel.ollama.bench-timeout", Duration.ofSeconds(1), Duration.ofHours(1)));
        return new NightRun(NightSteps.standard(layout, database::dataSource, intakeKeys, backup,
                settings.integer("keel.storage.error-retention-days", 1, 36_500), legal, bench,
                new CostLedger(database::dataSource, meters),
                () -> routing.get().targetMix(), tools, releaseNight, clock), guard,
                settings.duration("keel.night.critical-wait", Duration.ZERO, Duration.ofHours(24)),
                new NightLedger(database::dataSource), layout.opsFile("logs", "NIGHT_RUN.md"), meters, clock);
    }

    /** What TOOLS_TRACKER.md lists: the CLI, the workflows and the HTTP endpoints of this Keel. */
    public static List<ToolsTracker.Tool> tools(CamelContext camel, KeelSettings settings) {
        List<ToolsTracker.Tool> tools = new java.util.ArrayList<>();
        for (String command : List.of("run", "status", "selftest", "legal check", "secrets check", "night --now",
                "backup verify <file>", "restore <file> [--to DIR]", "route explain <prompt>", "export <file|folder> --out DIR")) {
            tools.add(new ToolsTracker.Tool("keel " + command, "command", "java -jar target/keel.jar " + command));
        }
        if (camel != null) {
            camel.getRoutes().stream().sorted(java.util.Comparator.comparing(org.apache.camel.Route::getRouteId))
                    .forEach(r -> tools.add(new ToolsTracker.Tool(r.getRouteId(), "route", r.getEndpoint().getEndpointBaseUri())));
        }
        tools.add(new ToolsTracker.Tool("webhooks", "HTTP", "POST :" + settings.text("keel.http.port") + "/hooks/{workflow}"));
        tools.add(new ToolsTracker.Tool("task status", "HTTP", "GET :" + settings.text("keel.http.port") + "/api/tasks/{id}"));
        for (String path : List.of("/observe/health", "/observe/metrics", "/observe/jolokia")) {
            tools.add(new ToolsTracker.Tool(path, "HTTP (management)", settings.text("keel.management.host") + ":"
                    + settings.text("keel.management.port") + path));
        }
        return tools;
    }
}
