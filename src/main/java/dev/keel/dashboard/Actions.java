package dev.keel.dashboard;

import dev.keel.alert.AlertBook;
import dev.keel.content.ContentProgress;
import dev.keel.content.ContentQueue;
import dev.keel.db.Jdbc;
import dev.keel.guard.IntakeControl;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;

/**
 * The only state changes the dashboard makes: pause or resume one intake route, put one rejected content task back in
 * the queue (through the queue's own retry, its earlier reason kept in the action log and its reason text), acknowledge
 * one alert. Each is recorded in {@link ActionLog}. Every method returns the outcome in words, or throws
 * IllegalArgumentException with a reason the operator can act on.
 */
public final class Actions {

    private final CamelContext camel;
    private final ContentQueue queue;
    private final ContentProgress progress;
    private final Supplier<AlertBook> alerts;
    private final ActionLog log;
    private final Jdbc jdbc;
    private final Clock clock;

    public Actions(CamelContext camel, ContentQueue queue, ContentProgress progress, Supplier<AlertBook> alerts, ActionLog log,
                   Supplier<DataSource> dataSource, Clock clock) {
        this.camel = camel;
        this.queue = queue;
        this.progress = progress;
        this.alerts = alerts;
        this.log = log;
        this.jdbc = new Jdbc(dataSource, "dashboard actions");
        this.clock = clock;
    }

    /** Intake routes and whether each is taking files. */
    public List<java.util.Map<String, Object>> intakes() {
        return new IntakeControl(camel).intakeRoutes().stream().map(id -> java.util.Map.<String, Object>of("route", id,
                "status", String.valueOf(camel.getRouteController().getRouteStatus(id)))).toList();
    }

    public String pause(String route, String operator) throws Exception {
        return toggle(route, operator, true);
    }

    public String resume(String route, String operator) throws Exception {
        return toggle(route, operator, false);
    }

    private String toggle(String route, String operator, boolean suspend) throws Exception {
        intake(route);
        ServiceStatus before = camel.getRouteController().getRouteStatus(route);
        if (suspend) {
            camel.getRouteController().suspendRoute(route);
        } else {
            camel.getRouteController().resumeRoute(route);
        }
        log.record(operator, suspend ? "pause-intake" : "resume-intake", route, "was " + before);
        return suspend ? route + " paused: files wait in its inbox (work in flight finishes)" : route + " resumed";
    }

    private void intake(String route) {
        if (!new IntakeControl(camel).intakeRoutes().contains(route)) {
            throw new IllegalArgumentException("'" + route + "' is not an intake route; intakes are " + new IntakeControl(camel).intakeRoutes());
        }
    }

    /** Puts rejected task {@code seq} back in the queue, due now; its attempts and its earlier reason stay on record. */
    public String retry(long seq, String operator) {
        record Rejected(String batch, String task, int attempts, String reason) {
        }
        Optional<Rejected> found = jdbc.first("SELECT batch_id, task_id, attempts, reason FROM keel_content_task WHERE seq = ? AND state = 'rejected'",
                r -> new Rejected(r.getString(1), r.getString(2), r.getInt(3), r.getString(4)), seq);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no rejected content task " + seq + " (it may have been retried already)");
        }
        Rejected t = found.get();
        String was = t.reason() == null ? "" : t.reason();
        log.record(operator, "retry-task", t.batch() + "/" + t.task(), "rejected after " + t.attempts() + " attempts: " + was);
        queue.retry(seq, t.attempts(), clock.instant(), "retried by " + operator + " from the dashboard; rejected before: " + was);
        // the batch counts one more task to run, so its report is written again when the task ends
        progress.released(t.batch(), 1);
        return "task " + t.task() + " of batch " + t.batch() + " is queued again";
    }

    public String acknowledge(String id, String operator) {
        AlertBook book = alerts.get();
        if (book == null) {
            throw new IllegalArgumentException(Alerts.NOT_CONFIGURED);
        }
        if (!book.acknowledge(id, operator)) {
            throw new IllegalArgumentException("no open alert '" + id + "'");
        }
        log.record(operator, "acknowledge-alert", id, "acknowledged");
        return "alert " + id + " acknowledged";
    }
}
