package dev.keel.boot;

import dev.keel.db.KeelDatabase;
import dev.keel.guard.ResourceGuard;
import dev.keel.ledger.CostLedger;
import dev.keel.legal.LegalSync;
import dev.keel.night.NightRunLog;
import dev.keel.night.NightRun;
import dev.keel.night.NightSchedule;
import dev.keel.night.NightSettings;
import dev.keel.night.NightSteps;
import dev.keel.reports.ToolsTracker;
import dev.keel.router.OllamaBench;
import dev.keel.router.RouterConfig;
import dev.keel.router.RouterSettings;
import dev.keel.storage.DbIdempotentRepository;
import dev.keel.storage.StorageLayout;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/** The night run (backups, cleanup, telemetry from the running cost ledger, bench), its schedule and catch-up. */
public final class NightWiring {

    private NightWiring() {
    }

    /** The night run of the runtime and of {@code keel night --now}; {@code ledger} is the cost ledger calls are recorded in. */
    public static NightRun nightRun(KeelSettings settings, KeelDatabase database, StorageLayout layout, DbIdempotentRepository intakeKeys,
            LegalSync legal, ResourceGuard guard, CostLedger ledger, MeterRegistry meters, Supplier<List<ToolsTracker.Tool>> tools,
            IntSupplier releaseNight, Clock clock) {
        NightSettings night = NightSettings.from(settings);
        RouterSettings router = RouterSettings.from(settings);
        // read again for each run, so the bench and the telemetry see an edited providers.yaml
        Supplier<RouterConfig> routing = () -> router.config();
        OllamaBench bench = new OllamaBench(routing, router.benchTimeout());
        return new NightRun(NightSteps.standard(layout, database::dataSource, intakeKeys, night.backup(), night.errorRetentionDays(), legal,
                bench, ledger, () -> routing.get().targetMix(), tools, releaseNight, clock), guard, night.criticalWait(),
                new NightRunLog(database::dataSource), layout.opsFile("logs", "NIGHT_RUN.md"), meters, clock);
    }

    /** Binds nightRun and nightSchedule. */
    static void bind(CamelContext camel, KeelSettings settings, AreaSettings areas, StorageWiring.Storage storage, LegalSync legal,
            ResourceGuard guard, CostLedger ledger, MeterRegistry meters, IntSupplier releaseNight, Clock clock) {
        NightRun night = nightRun(settings, storage.database(), areas.storage(), storage.intakeKeys(), legal, guard, ledger, meters,
                () -> tools(camel, settings), releaseNight, clock);
        camel.getRegistry().bind("nightRun", night);
        camel.getRegistry().bind("nightSchedule", new NightSchedule(night, areas.night().cron(), areas.night().catchUp()));
    }

    /** What TOOLS_TRACKER.md lists: the CLI, the workflows and the HTTP endpoints of this Keel. */
    public static List<ToolsTracker.Tool> tools(CamelContext camel, KeelSettings settings) {
        List<ToolsTracker.Tool> tools = new ArrayList<>();
        for (String command : List.of("run", "status", "selftest", "legal check", "secrets check", "night --now",
                "backup verify <file>", "restore <file> [--to DIR]", "route explain <prompt>", "export <file|folder> --out DIR")) {
            tools.add(new ToolsTracker.Tool("keel " + command, "command", "java -jar target/keel.jar " + command));
        }
        if (camel != null) {
            camel.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId))
                    .forEach(r -> tools.add(new ToolsTracker.Tool(r.getRouteId(), "route", r.getEndpoint().getEndpointBaseUri())));
        }
        tools.add(new ToolsTracker.Tool("webhooks", "HTTP", "POST :" + settings.text("keel.http.port") + "/hooks/{workflow}"));
        tools.add(new ToolsTracker.Tool("task status", "HTTP", "GET :" + settings.text("keel.http.port") + "/api/tasks/{id}"));
        for (String path : List.of("/observe/health", "/observe/metrics", "/observe/jolokia")) {
            tools.add(new ToolsTracker.Tool(path, "HTTP (management)", settings.text("keel.management.host") + ":"
                    + settings.text("keel.management.port") + path));
        }
        tools.addAll(dev.keel.mcp.McpTracker.tools(camel, settings.home())); // #19: MCP tools (own and external) and skills
        return tools;
    }
}
