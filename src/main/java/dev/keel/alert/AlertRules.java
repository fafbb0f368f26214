package dev.keel.alert;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The alert decision, pure: rules, a snapshot, the previous state and the time in; the next state and the messages to send
 * out. A condition must hold for the rule's {@code for} before it fires; it is sent again every {@code repeat} while it
 * holds and nobody acknowledged it; it resolves when it no longer holds (a rule whose input is unknown keeps its state).
 */
public final class AlertRules {

    /** The next state and what to send. */
    public record Evaluation(AlertState state, List<AlertEvent> events) {
    }

    private AlertRules() {
    }

    public static Evaluation evaluate(List<AlertRule> rules, Snapshot snapshot, AlertState previous, Instant now) {
        Map<String, Instant> pending = new HashMap<>();
        Map<String, AlertState.Tracked> open = new HashMap<>(previous.open());
        List<AlertEvent> events = new ArrayList<>();
        Map<String, AlertRule> enabled = new HashMap<>();
        for (AlertRule rule : rules) {
            if (!rule.enabled()) {
                continue;
            }
            enabled.put(rule.id(), rule);
            Map<String, String> holding = Conditions.holding(rule, snapshot, now);
            if (holding == null) {
                previous.pending().forEach((key, since) -> {
                    if (key.startsWith(rule.id() + "|")) {
                        pending.put(key, since);
                    }
                });
                continue;
            }
            holding.forEach((subject, summary) -> {
                String key = AlertState.key(rule.id(), subject);
                AlertState.Tracked tracked = open.get(key);
                if (tracked != null) {
                    if (due(tracked, rule.repeat(), now)) {
                        open.put(key, new AlertState.Tracked(tracked.alert(), now));
                        events.add(new AlertEvent(AlertEvent.Kind.REPEAT, withSummary(tracked.alert(), summary), rule.sinks()));
                    }
                    return;
                }
                Instant since = previous.pending().getOrDefault(key, now);
                if (Duration.between(since, now).compareTo(rule.holdFor()) >= 0) {
                    Alert alert = new Alert(id(rule.id(), subject, now), rule.id(), subject, rule.severity(), summary, now, null, null, null);
                    open.put(key, new AlertState.Tracked(alert, now));
                    events.add(new AlertEvent(AlertEvent.Kind.FIRE, alert, rule.sinks()));
                } else {
                    pending.put(key, since);
                }
            });
            for (AlertState.Tracked tracked : previous.open().values()) {
                Alert alert = tracked.alert();
                if (alert.rule().equals(rule.id()) && !holding.containsKey(alert.subject())) {
                    resolve(open, events, alert, alert.summary(), rule.sinks(), now);
                }
            }
        }
        for (AlertState.Tracked tracked : previous.open().values()) {
            if (!enabled.containsKey(tracked.alert().rule())) {
                resolve(open, events, tracked.alert(), "rule " + tracked.alert().rule() + " was removed or switched off", List.of(), now);
            }
        }
        return new Evaluation(new AlertState(pending, open), List.copyOf(events));
    }

    private static boolean due(AlertState.Tracked tracked, Duration repeat, Instant now) {
        return !tracked.alert().acknowledged() && !repeat.isZero() && !tracked.lastSent().plus(repeat).isAfter(now);
    }

    private static void resolve(Map<String, AlertState.Tracked> open, List<AlertEvent> events, Alert alert, String summary,
                                List<String> sinks, Instant now) {
        open.remove(AlertState.key(alert.rule(), alert.subject()));
        Alert resolved = new Alert(alert.id(), alert.rule(), alert.subject(), alert.severity(), summary, alert.firedAt(), now,
                alert.acknowledgedBy(), alert.acknowledgedAt());
        events.add(new AlertEvent(AlertEvent.Kind.RESOLVE, resolved, sinks));
    }

    private static Alert withSummary(Alert alert, String summary) {
        return new Alert(alert.id(), alert.rule(), alert.subject(), alert.severity(), summary, alert.firedAt(), null,
                alert.acknowledgedBy(), alert.acknowledgedAt());
    }

    /** Stable for one firing (the dashboard acknowledges by it), different for the next firing of the same rule and subject. */
    static String id(String rule, String subject, Instant firedAt) {
        String seed = rule + "|" + subject + "|" + firedAt.toEpochMilli();
        return rule + "-" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
    }
}
