package dev.keel.boot;

import dev.keel.guard.ResourceGuard;
import dev.keel.ledger.CostLedger;
import dev.keel.router.Cooldowns;
import dev.keel.router.ModelCatalog;
import dev.keel.router.ModelGateway;
import dev.keel.router.OllamaCheck;
import dev.keel.router.ProviderCalls;
import dev.keel.router.ProviderRoutes;
import dev.keel.router.RouterConfig;
import dev.keel.router.RouterReport;
import dev.keel.router.RouterSettings;
import dev.keel.router.SharedLimits;
import dev.keel.secrets.SecretStore;
import dev.keel.storage.StorageLayout;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The model router: providers.yaml, the cost ledger, modelGateway, one route per provider, ROUTER.md. */
final class RouterWiring {

    private static final Logger LOG = LoggerFactory.getLogger(RouterWiring.class);

    /** What the gateway, the content pipeline and the night run take from the router. */
    record Router(Supplier<RouterConfig> config, ModelGateway gateway, CostLedger ledger) {
    }

    /** Registry names of the provider routes' circuit breakers and the Retry-After waits, which the alert rules read (#18). */
    static final String CIRCUITS = "providerCircuits";
    static final String COOLDOWNS = "providerCooldowns";

    private RouterWiring() {
    }

    /**
     * Binds modelGateway, with the provider limits the cluster's nodes share ({@link SharedLimits#LOCAL} on one node); the
     * provider routes are added once every YAML route has started.
     */
    static Router bind(CamelContext camel, AreaSettings areas, StorageWiring.Storage storage, SecretStore secrets, ResourceGuard guard,
            MeterRegistry meters, Clock clock, SharedLimits shared) throws Exception {
        RouterSettings router = areas.router();
        // parsing providers.yaml loads the YAML stack: off the start-up path, joined when first needed
        CompletableFuture<RouterConfig> config = CompletableFuture.supplyAsync(() -> router.config(),
                Closing.once(camel, RouterConfig.class, "keel-router-config"));
        Map<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();
        Cooldowns cooldowns = new Cooldowns(clock, shared);
        camel.getRegistry().bind(CIRCUITS, circuits);
        camel.getRegistry().bind(COOLDOWNS, cooldowns);
        CostLedger ledger = ledger(camel, storage, meters, clock);
        ModelGateway gateway = new ModelGateway(config::join, new ProviderCalls(secrets, router.timeout(), cooldowns),
                ledger, guard, circuits, cooldowns, clock, router.localWait(), router.retryAfterMax(), router.queueWait(), shared);
        camel.getRegistry().bind("modelGateway", gateway);
        Steps.bind(camel, "modelGateway", Map.of("plan", gateway::plan, "refuse", gateway::refuse, "admit", gateway::admit,
                "invoke", Steps.answering(gateway::invoke), "answered", gateway::answered, "release", gateway::release,
                "failed", gateway::failed, "record", gateway::record, "next", gateway::next, "result", Steps.answering(gateway::result)));
        camel.getRegistry().bind("providerStatus", new dev.keel.dashboard.ProviderStatus(circuits, cooldowns)); // the dashboard (#18)
        // which configured models the providers still list: at start (below) and on the model-check route's timer
        ModelCatalog catalog = new ModelCatalog(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), secrets,
                Duration.ofSeconds(10), clock);
        gateway.listedBy(catalog);
        camel.getRegistry().bind("modelCatalog", catalog);
        camel.getRegistry().bind("modelCheck", (Runnable) () -> writeRouterReport(router, areas.storage(), clock, config.join(), catalog));
        camel.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // routes from templates are made once the context runs (see onCamelContextFullyStarted)
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                ProviderRoutes.add(context, config.join(), circuits, router.circuitOpen());
                reportInBackground(context, router, areas.storage(), clock, config.join(), catalog);
            }
        });
        return new Router(config::join, gateway, ledger);
    }

    /** A 3 s probe per Ollama, and with keel.ollama.pull-missing pulls of many minutes: on a thread of their own. */
    static void reportInBackground(CamelContext camel, RouterSettings router, StorageLayout layout, Clock clock, RouterConfig config) {
        reportInBackground(camel, router, layout, clock, config, null);
    }

    static void reportInBackground(CamelContext camel, RouterSettings router, StorageLayout layout, Clock clock, RouterConfig config,
                                   ModelCatalog catalog) {
        Closing.once(camel, RouterReport.class, "keel-router-report").execute(() -> writeRouterReport(router, layout, clock, config,
                catalog));
    }

    /**
     * ROUTER.md with what each Ollama has installed and, given a {@code catalog}, what each provider's model list says; with
     * keel.ollama.pull-missing, pulls what is missing and writes it again.
     */
    static void writeRouterReport(RouterSettings router, StorageLayout layout, Clock clock, RouterConfig config, ModelCatalog catalog) {
        String source = Files.isRegularFile(router.providersFile()) ? router.providersFile().toString() : "the built-in providers.yaml";
        try {
            List<OllamaCheck.Report> local = OllamaCheck.check(config, Duration.ofSeconds(3));
            List<ModelCatalog.Finding> findings = catalog == null ? null : catalog.refresh(config);
            RouterReport.write(layout.opsFile("configs", "ROUTER.md"), config, source, clock.instant(), local, findings);
            if (router.pullMissing() && local.stream().anyMatch(r -> !r.missing().isEmpty())) {
                local.forEach(r -> OllamaCheck.pull(r, router.pullTimeout()));
                RouterReport.write(layout.opsFile("configs", "ROUTER.md"), config, source, clock.instant(),
                        OllamaCheck.check(config, Duration.ofSeconds(3)), findings);
            }
        } catch (RuntimeException e) {
            LOG.error("ROUTER.md not written: {}", e.getMessage());
        }
    }

    /**
     * The embedded database's ledger writes each row to its journal beside the database before the answer and
     * inserts rows in batches (LedgerJournal); a database server commits each row before the answer (GroupCommit),
     * since a node's local journal would not survive the node in a cluster.
     */
    private static CostLedger ledger(CamelContext camel, StorageWiring.Storage storage, MeterRegistry meters, Clock clock) throws Exception {
        java.util.Optional<dev.keel.ledger.LedgerJournal> journal = storage.database().embeddedFolder()
                .flatMap(folder -> dev.keel.ledger.LedgerJournal.open(folder.resolve("ledger-journal")));
        if (journal.isEmpty()) {
            return new CostLedger(storage.database()::dataSource, meters, clock, ZoneId.systemDefault(),
                    camel.getExecutorServiceManager().newSingleThreadExecutor(CostLedger.class, "keel-cost-ledger"));
        }
        CostLedger ledger = CostLedger.journaled(storage.database()::dataSource, meters, clock, ZoneId.systemDefault(), journal.get(),
                camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(CostLedger.class, "keel-cost-ledger"));
        Closing.onStop(camel, ledger::close);
        return ledger;
    }
}
