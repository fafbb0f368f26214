package dev.keel.boot;

import dev.keel.alert.AlertCluster;
import dev.keel.alert.AlertEngine;
import dev.keel.alert.AlertRulesSource;
import dev.keel.alert.AlertSettings;
import dev.keel.alert.AlertSinks;
import dev.keel.alert.AlertStore;
import dev.keel.alert.KeelSnapshot;
import dev.keel.alert.MailEndpoints;
import dev.keel.alert.PrometheusRules;
import dev.keel.alert.SnapshotSource;
import dev.keel.guard.ResourceGuard;
import dev.keel.health.HealthPoll;
import dev.keel.night.NightRunLog;
import dev.keel.router.Cooldowns;
import dev.keel.secrets.Publisher;
import dev.keel.secrets.Secret;
import dev.keel.secrets.SecretStore;
import dev.keel.storage.StorageLayout;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;

/**
 * Alerts (#18): alerts.yaml, the rule engine over Keel's live state, the sinks, ALERTS.md and prometheus-alerts.yml.
 * Binds alertBook (the {@link dev.keel.alert.AlertBook} the dashboard and MCP use), alertEngine and alertSinks.
 */
final class AlertWiring {

    private AlertWiring() {
    }

    static AlertStore bind(CamelContext camel, KeelSettings settings, AreaSettings areas, StorageWiring.Storage storage, SecretStore secrets,
                           ResourceGuard guard, RouterWiring.Router router, MeterRegistry meters, Clock clock) {
        AlertSettings alerts = areas.alerts();
        @SuppressWarnings("unchecked")
        Map<String, CircuitBreaker> circuits = camel.getRegistry().lookupByNameAndType(RouterWiring.CIRCUITS, Map.class);
        SnapshotSource snapshot = new KeelSnapshot(new KeelSnapshot.Parts(guard, router.config(), circuits,
                camel.getRegistry().lookupByNameAndType(RouterWiring.COOLDOWNS, Cooldowns.class), router.ledger(),
                storage.database()::dataSource, new NightRunLog(storage.database()::dataSource),
                camel.getRegistry().lookupByNameAndType("healthPoll", HealthPoll.class), areas.health().interval(), clock.instant(),
                SecretsWiring.secretsAudit(settings, secrets)));
        dev.keel.cluster.ClusterSettings cluster = dev.keel.cluster.ClusterSettings.from(settings);
        AlertCluster nodes = cluster.clustered()
                // three rounds without renewing: the lease moves to the next node that ticks
                ? AlertCluster.of(storage.database()::dataSource, cluster.node().value(), alerts.interval().multipliedBy(3))
                : AlertCluster.single();
        return bind(camel, alerts, areas.storage(), storage, snapshot, nodes, secrets::get, meters, clock);
    }

    /** As below, on one node. */
    static AlertStore bind(CamelContext camel, AlertSettings alerts, StorageLayout layout, StorageWiring.Storage storage, SnapshotSource snapshot,
                           Function<String, Optional<Secret>> secrets, MeterRegistry meters, Clock clock) {
        return bind(camel, alerts, layout, storage, snapshot, AlertCluster.single(), secrets, meters, clock);
    }

    /** As above, on a given snapshot source and secrets (tests hand in fakes). */
    static AlertStore bind(CamelContext camel, AlertSettings alerts, StorageLayout layout, StorageWiring.Storage storage, SnapshotSource snapshot,
                           AlertCluster cluster, Function<String, Optional<Secret>> secrets, MeterRegistry meters, Clock clock) {
        Function<String, Optional<String>> values = name -> secrets.apply(name).map(Secret::reveal);
        String source = Files.isRegularFile(alerts.rulesFile()) ? alerts.rulesFile().toString() : "no alerts.yaml";
        // alerts.yaml is read again when it changes: new e-mail sinks get their beans, prometheus-alerts.yml follows the rules
        AlertRulesSource rules = new AlertRulesSource(alerts.rulesFile(), changed -> {
            MailEndpoints.bind(camel.getRegistry(), changed.sinks(), values);
            Publisher.publish(layout.opsFile("configs", "prometheus-alerts.yml"), PrometheusRules.render(changed, source));
        });
        AlertStore store = new AlertStore(storage.database()::dataSource, clock);
        camel.getRegistry().bind("alertBook", store);
        camel.getRegistry().bind("alertEngine", new AlertEngine(new AlertEngine.Parts(rules, snapshot, store, cluster, alerts.retention(),
                layout.opsFile("health", "ALERTS.md"), meters, clock)));
        camel.getRegistry().bind("alertSinks", new AlertSinks(rules, values, store, alerts.retryDelay(), alerts.maxAttempts(), meters,
                clock));
        MailEndpoints.bind(camel.getRegistry(), rules.get().sinks(), values);
        camel.getPropertiesComponent().addOverrideProperty("keel.alerts.interval-ms", String.valueOf(alerts.interval().toMillis()));
        HttpComponent http = camel.getComponent("http", HttpComponent.class);
        http.setConnectTimeout(5_000);
        http.setResponseTimeout(10_000);
        Publisher.publish(layout.opsFile("configs", "prometheus-alerts.yml"), PrometheusRules.render(rules.get(), source));
        return store;
    }
}
