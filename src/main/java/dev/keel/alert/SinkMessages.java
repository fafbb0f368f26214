package dev.keel.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What each kind of sink receives for an event, as its documentation describes it: Keel's JSON for a generic webhook, a
 * Slack incoming-webhook {@code {"text": ...}} with mrkdwn, an ntfy publish (message body, Title/Priority/Tags headers), and a
 * plain-text e-mail. Pure: an event in, a body and headers out.
 */
public final class SinkMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A body and the headers to send with it (HTTP headers, or Subject for e-mail). */
    public record Message(String body, Map<String, String> headers) {
    }

    private SinkMessages() {
    }

    public static Message of(AlertSink.Type type, AlertEvent.Kind event, Alert alert) {
        return switch (type) {
            case WEBHOOK -> new Message(webhook(event, alert), Map.of("Content-Type", "application/json; charset=utf-8"));
            case SLACK -> new Message(slack(event, alert), Map.of("Content-Type", "application/json; charset=utf-8"));
            case NTFY -> ntfy(event, alert);
            case EMAIL -> new Message(text(event, alert), Map.of("Subject", title(event, alert)));
        };
    }

    /** "FIRING", "STILL FIRING" or "RESOLVED", then severity, rule and subject. */
    static String title(AlertEvent.Kind event, Alert alert) {
        String status = switch (event) {
            case FIRE -> "FIRING";
            case REPEAT -> "STILL FIRING";
            case RESOLVE -> "RESOLVED";
        };
        return "[Keel] " + status + " " + alert.severity().name().toLowerCase(Locale.ROOT) + " " + alert.rule()
                + (alert.subject().isEmpty() ? "" : " (" + alert.subject() + ")");
    }

    static String webhook(AlertEvent.Kind event, Alert alert) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", event == AlertEvent.Kind.RESOLVE ? "resolved" : "firing");
        root.put("event", event.label());
        ObjectNode a = root.putObject("alert");
        a.put("id", alert.id());
        a.put("rule", alert.rule());
        a.put("subject", alert.subject());
        a.put("severity", alert.severity().name().toLowerCase(Locale.ROOT));
        a.put("summary", alert.summary());
        a.put("firedAt", alert.firedAt().toString());
        a.put("resolvedAt", alert.resolvedAt() == null ? null : alert.resolvedAt().toString());
        a.put("acknowledgedBy", alert.acknowledgedBy());
        return root.toString();
    }

    /** Slack's incoming webhooks take {"text": ...}; '&', '<' and '>' must be escaped there (Slack's "formatting" docs). */
    static String slack(AlertEvent.Kind event, Alert alert) {
        ObjectNode root = JSON.createObjectNode();
        String icon = event == AlertEvent.Kind.RESOLVE ? ":white_check_mark:" : alert.severity() == Alert.Severity.CRITICAL
                ? ":rotating_light:" : ":warning:";
        root.put("text", icon + " *" + slackEscape(title(event, alert)) + "*\n" + slackEscape(alert.summary()));
        return root.toString();
    }

    private static String slackEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** ntfy: POST the message as the body; Title, Priority (1-5 or min..urgent) and Tags (emoji short codes) as headers. */
    static Message ntfy(AlertEvent.Kind event, Alert alert) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("Title", title(event, alert));
        headers.put("Priority", event == AlertEvent.Kind.RESOLVE ? "default" : switch (alert.severity()) {
            case CRITICAL -> "urgent";
            case WARNING -> "high";
            case INFO -> "default";
        });
        headers.put("Tags", event == AlertEvent.Kind.RESOLVE ? "white_check_mark,keel" : (alert.severity() == Alert.Severity.CRITICAL
                ? "rotating_light,keel" : "warning,keel"));
        return new Message(alert.summary(), headers);
    }

    static String text(AlertEvent.Kind event, Alert alert) {
        StringBuilder out = new StringBuilder(title(event, alert)).append("\n\n").append(alert.summary()).append("\n\n");
        out.append("rule: ").append(alert.rule()).append('\n');
        if (!alert.subject().isEmpty()) {
            out.append("subject: ").append(alert.subject()).append('\n');
        }
        out.append("fired: ").append(alert.firedAt()).append('\n');
        if (alert.resolvedAt() != null) {
            out.append("resolved: ").append(alert.resolvedAt()).append('\n');
        }
        if (alert.acknowledgedBy() != null) {
            out.append("acknowledged by: ").append(alert.acknowledgedBy()).append('\n');
        }
        return out.append("alert id: ").append(alert.id()).append('\n').toString();
    }
}
