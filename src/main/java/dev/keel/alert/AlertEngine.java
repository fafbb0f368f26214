package dev.keel.alert;

import dev.keel.secrets.Publisher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of the alerts route: re-read alerts.yaml if it changed, read the snapshot, publish this node's local part and,
 * on the node that leads ({@link AlertCluster}: once per cluster), evaluate the rules against the open alerts in the database
 * (so a restart neither fires again nor forgets), record the events with their deliveries, apply the retention, and hand
 * back the deliveries due for the route to send. Every node keeps {@code keel_alert_active{rule}} and ALERTS.md.
 */
public final class AlertEngine {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
    private static final int DUE_PER_ROUND = 100;
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    /** What the engine is built from. */
    public record Parts(AlertRulesSource rules, SnapshotSource source, AlertStore store, AlertCluster cluster, Duration retention,
                        Path report, MeterRegistry meters, Clock clock) {
    }

    private final Parts parts;
    private final AlertStore store;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    private Map<String, Instant> pending = Map.of();
    private Instant pruned = Instant.MIN;
    private String lastReport = "";

    public AlertEngine(Parts parts) {
        this.parts = parts;
        this.store = parts.store();
        gauges(parts.rules().get());
    }

    /** Evaluates once (the route's timer calls it) and returns the deliveries due now (none on a node that does not lead). */
    public synchronized List<AlertDelivery> tick() {
        Instant now = parts.clock().instant();
        if (parts.rules().refresh()) {
            gauges(parts.rules().get());
        }
        AlertRulesFile rules = parts.rules().get();
        Snapshot local = parts.source().read(now);
        AlertCluster cluster = parts.cluster();
        cluster.publish(local, now);
        List<AlertDelivery> due = List.of();
        if (cluster.lead(now)) {
            AlertState previous = new AlertState(pending, store.state().open());
            AlertRules.Evaluation evaluation = AlertRules.evaluate(rules.rules(), cluster.merge(local, now), previous, now);
            store.apply(evaluation.events(), now);
            pending = evaluation.state().pending();
            log(evaluation.events());
            prune(now);
            due = store.due(now, DUE_PER_ROUND);
        } else {
            pending = Map.of(); // another node evaluates; if this one takes over, its holds start again
        }
        List<Alert> open = store.open();
        active.values().forEach(c -> c.set(0));
        open.forEach(a -> active.computeIfAbsent(a.rule(), id -> new AtomicInteger()).incrementAndGet());
        writeReport(open, rules, now);
        return due;
    }

    private static void log(List<AlertEvent> events) {
        for (AlertEvent e : events) {
            String what = e.alert().rule() + (e.alert().subject().isEmpty() ? "" : " (" + e.alert().subject() + ")");
            if (e.kind() == AlertEvent.Kind.RESOLVE) {
                LOG.info("Alert resolved: {}", what);
            } else if (e.kind() == AlertEvent.Kind.FIRE) {
                LOG.warn("Alert fired: {} [{}] {}", what, e.alert().severity(), e.alert().summary());
            }
        }
    }

    /** keel.alerts.retention, at most once an hour: resolved alerts and settled deliveries older than it go. */
    private void prune(Instant now) {
        if (Duration.between(pruned, now).compareTo(PRUNE_EVERY) < 0) {
            return;
        }
        pruned = now;
        parts.cluster().forget(now);
        int deleted = store.prune(now.minus(parts.retention()));
        if (deleted > 0) {
            LOG.info("Alert retention: deleted {} alert and delivery rows older than {}", deleted, parts.retention());
        }
    }

    private void gauges(AlertRulesFile rules) {
        for (AlertRule rule : rules.rules()) {
            active.computeIfAbsent(rule.id(), id -> {
                AtomicInteger count = new AtomicInteger();
                Gauge.builder("keel.alert.active", count, AtomicInteger::get).description("Open alerts of a rule").tag("rule", id)
                        .register(parts.meters());
                return count;
            });
        }
    }

    private void writeReport(List<Alert> open, AlertRulesFile rules, Instant now) {
        List<Alert> recent = store.recent(50);
        List<AlertDelivery> failures = store.failures(20);
        String problem = parts.rules().problem().orElse(null);
        int r = rules.rules().size();
        int s = rules.sinks().size();
        String body = AlertsReport.render(open, recent, failures, r, s, problem, Instant.EPOCH);
        if (!body.equals(lastReport)) {
            lastReport = body;
            Publisher.publish(parts.report(), AlertsReport.render(open, recent, failures, r, s, problem, now));
        }
    }
}
