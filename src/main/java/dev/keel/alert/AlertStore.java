package dev.keel.alert;

import dev.keel.db.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Alerts and their deliveries in the database (V16, V17): the {@link AlertBook} the dashboard and MCP read, the open alerts
 * evaluation starts from after a restart, and the delivery queue with its retries.
 */
public final class AlertStore implements AlertBook {

    private static final String ALERT = "a.alert_id, a.rule_id, a.subject, a.severity, a.summary, a.fired_at, a.resolved_at,"
            + " a.acknowledged_by, a.acknowledged_at, a.last_sent_at";

    private final Jdbc jdbc;
    private final Clock clock;

    public AlertStore(Supplier<DataSource> dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource, "alerts");
        this.clock = clock;
    }

    @Override
    public List<Alert> open() {
        return jdbc.list("SELECT " + ALERT + " FROM keel_alert a WHERE a.resolved_at IS NULL ORDER BY a.fired_at DESC", AlertStore::alert);
    }

    @Override
    public List<Alert> recent(int limit) {
        return jdbc.top(Math.max(1, limit), "SELECT " + ALERT + " FROM keel_alert a ORDER BY a.fired_at DESC", AlertStore::alert);
    }

    @Override
    public boolean acknowledge(String id, String operator) {
        return jdbc.update("UPDATE keel_alert SET acknowledged_by = ?, acknowledged_at = ? WHERE alert_id = ? AND resolved_at IS NULL"
                + " AND acknowledged_at IS NULL", operator, clock.instant(), id) > 0
                || jdbc.first("SELECT alert_id FROM keel_alert WHERE alert_id = ? AND resolved_at IS NULL", r -> r.getString(1), id).isPresent();
    }

    /** The open alerts as evaluation tracks them (pending holds are not kept: after a restart they start again). */
    public AlertState state() {
        Map<String, AlertState.Tracked> open = new HashMap<>();
        jdbc.list("SELECT " + ALERT + " FROM keel_alert a WHERE a.resolved_at IS NULL", r -> new AlertState.Tracked(alert(r),
                instant(r.getObject(10, OffsetDateTime.class)))).forEach(t -> open.put(AlertState.key(t.alert().rule(), t.alert().subject()), t));
        return new AlertState(Map.of(), open);
    }

    /** Records what evaluation decided and queues one delivery per event and sink, in one transaction. */
    public void apply(List<AlertEvent> events, Instant now) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.transaction(c -> {
            for (AlertEvent e : events) {
                Alert a = e.alert();
                switch (e.kind()) {
                    case FIRE -> Jdbc.update(c, "INSERT INTO keel_alert (alert_id, rule_id, subject, severity, summary, fired_at, last_sent_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)", a.id(), a.rule(), a.subject(), a.severity().name(), clip(a.summary(), 2000),
                            a.firedAt(), now);
                    case REPEAT -> Jdbc.update(c, "UPDATE keel_alert SET last_sent_at = ?, summary = ? WHERE alert_id = ?", now,
                            clip(a.summary(), 2000), a.id());
                    case RESOLVE -> Jdbc.update(c, "UPDATE keel_alert SET resolved_at = ?, summary = ? WHERE alert_id = ?", a.resolvedAt(),
                            clip(a.summary(), 2000), a.id());
                    default -> throw new IllegalStateException(e.kind().name());
                }
                for (String sink : e.sinks()) {
                    queue(c, a.id(), sink, e.kind(), now);
                }
            }
            return null;
        });
    }

    private static void queue(Connection c, String alert, String sink, AlertEvent.Kind event, Instant now) throws SQLException {
        Jdbc.update(c, "INSERT INTO keel_alert_delivery (alert_id, sink, event, state, attempts, created_at, next_at)"
                + " VALUES (?, ?, ?, 'pending', 0, ?, ?)", alert, sink, event.label(), now, now);
    }

    /** Deliveries due now, oldest first, with their alert. */
    public List<AlertDelivery> due(Instant now, int limit) {
        return jdbc.top(limit, "SELECT d.delivery_id, d.sink, d.event, d.state, d.attempts, d.next_at, d.last_error, " + ALERT
                + " FROM keel_alert_delivery d JOIN keel_alert a ON a.alert_id = d.alert_id WHERE d.state = 'pending' AND d.next_at <= ?"
                + " ORDER BY d.next_at, d.delivery_id", AlertStore::delivery, now);
    }

    /** Deliveries that failed at least once (retrying or given up), newest first: what ALERTS.md shows. */
    public List<AlertDelivery> failures(int limit) {
        return jdbc.top(limit, "SELECT d.delivery_id, d.sink, d.event, d.state, d.attempts, d.next_at, d.last_error, " + ALERT
                + " FROM keel_alert_delivery d JOIN keel_alert a ON a.alert_id = d.alert_id WHERE d.last_error IS NOT NULL"
                + " AND d.state <> 'sent' ORDER BY d.next_at DESC, d.delivery_id DESC", AlertStore::delivery);
    }

    public void sent(long delivery, Instant now) {
        jdbc.update("UPDATE keel_alert_delivery SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL"
                + " WHERE delivery_id = ?", now, delivery);
    }

    /** A failed attempt: tried again at {@code retryAt}, or given up (state failed) when that is null. */
    public void failed(long delivery, String error, Instant retryAt, Instant now) {
        jdbc.update("UPDATE keel_alert_delivery SET state = ?, attempts = attempts + 1, next_at = ?, last_error = ? WHERE delivery_id = ?",
                retryAt == null ? "failed" : "pending", retryAt == null ? now : retryAt, clip(error, 1000), delivery);
    }

    /**
     * Retention: deletes alerts resolved before {@code before} with all their deliveries, and the deliveries of open alerts
     * that were settled (sent or given up) before it; a pending delivery is never deleted. Returns the rows deleted.
     */
    public int prune(Instant before) {
        return jdbc.transaction(c -> Jdbc.update(c, "DELETE FROM keel_alert_delivery WHERE alert_id IN (SELECT alert_id FROM keel_alert"
                + " WHERE resolved_at < ?)", before)
                + Jdbc.update(c, "DELETE FROM keel_alert_delivery WHERE created_at < ? AND state <> 'pending'", before)
                + Jdbc.update(c, "DELETE FROM keel_alert WHERE resolved_at < ?", before));
    }

    private static AlertDelivery delivery(ResultSet r) throws SQLException {
        return new AlertDelivery(r.getLong(1), r.getString(2), AlertEvent.Kind.valueOf(r.getString(3).toUpperCase(Locale.ROOT)),
                AlertDelivery.State.valueOf(r.getString(4).toUpperCase(Locale.ROOT)), r.getInt(5), instant(r.getObject(6, OffsetDateTime.class)),
                r.getString(7), alert(r, 7));
    }

    private static Alert alert(ResultSet r) throws SQLException {
        return alert(r, 0);
    }

    private static Alert alert(ResultSet r, int o) throws SQLException {
        return new Alert(r.getString(o + 1), r.getString(o + 2), r.getString(o + 3), Alert.Severity.valueOf(r.getString(o + 4)),
                r.getString(o + 5), instant(r.getObject(o + 6, OffsetDateTime.class)), instant(r.getObject(o + 7, OffsetDateTime.class)),
                r.getString(o + 8), instant(r.getObject(o + 9, OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
