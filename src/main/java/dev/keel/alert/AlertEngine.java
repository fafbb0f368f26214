package dev.keel.alert;

import dev.keel.secrets.Publisher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of the alerts route: read the snapshot, evaluate the rules against the open alerts in the database (so a restart
 * neither fires again nor forgets), record the events with their deliveries, update {@code keel_alert_active{rule}} and
 * ALERTS.md, and hand back the deliveries that are due for the route to send.
 */
public final class AlertEngine {

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
    private static final int DUE_PER_ROUND = 100;

    private final AlertRulesFile rules;
    private final SnapshotSource source;
    private final AlertStore store;
    private final Path report;
    private final Clock clock;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    private Map<String, Instant> pending = Map.of();
    private String lastReport = "";

    public AlertEngine(AlertRulesFile rules, SnapshotSource source, AlertStore store, Path report, MeterRegistry meters, Clock clock) {
        this.rules = rules;
        this.source = source;
        this.store = store;
        this.report = report;
        this.clock = clock;
        for (AlertRule rule : rules.rules()) {
            AtomicInteger count = active.computeIfAbsent(rule.id(), id -> new AtomicInteger());
            Gauge.builder("keel.alert.active", count, AtomicInteger::get).description("Open alerts of a rule").tag("rule", rule.id())
                    .register(meters);
        }
    }

    /** Evaluates once (the route's timer calls it) and returns the deliveries due now. */
    public synchronized List<AlertDelivery> tick() {
        Instant now = clock.instant();
        AlertState previous = new AlertState(pending, store.state().open());
        AlertRules.Evaluation evaluation = AlertRules.evaluate(rules.rules(), source.read(now), previous, now);
        store.apply(evaluation.events(), now);
        pending = evaluation.state().pending();
        for (AlertEvent e : evaluation.events()) {
            String what = e.alert().rule() + (e.alert().subject().isEmpty() ? "" : " (" + e.alert().subject() + ")");
            if (e.kind() == AlertEvent.Kind.RESOLVE) {
                LOG.info("Alert resolved: {}", what);
            } else if (e.kind() == AlertEvent.Kind.FIRE) {
                LOG.warn("Alert fired: {} [{}] {}", what, e.alert().severity(), e.alert().summary());
            }
        }
        active.values().forEach(c -> c.set(0));
        evaluation.state().open().values().forEach(t -> active.computeIfAbsent(t.alert().rule(), id -> new AtomicInteger()).incrementAndGet());
        writeReport(now);
        return store.due(now, DUE_PER_ROUND);
    }

    private void writeReport(Instant now) {
        List<Alert> open = store.open();
        List<Alert> recent = store.recent(50);
        List<AlertDelivery> failures = store.failures(20);
        String body = AlertsReport.render(open, recent, failures, rules.rules().size(), rules.sinks().size(), Instant.EPOCH);
        if (!body.equals(lastReport)) {
            lastReport = body;
            Publisher.publish(report, AlertsReport.render(open, recent, failures, rules.rules().size(), rules.sinks().size(), now));
        }
    }
}
