package dev.keel.alert;

import java.time.Duration;
import java.util.Locale;

/**
 * ops/configs/prometheus-alerts.yml: the same rules as Prometheus alerting rules over Keel's metrics, for teams that run
 * Alertmanager. Where a metric carries the condition (guard state, disk, calls by outcome) the rule reads it with the same
 * threshold and {@code for}; where it does not (budgets, the queue, the night run, secrets) it reads keel_alert_active, which
 * Keel sets after applying its own {@code for}.
 */
public final class PrometheusRules {

    private PrometheusRules() {
    }

    public static String render(AlertRulesFile rules, String source) {
        StringBuilder out = new StringBuilder();
        out.append("# Written by Keel at start-up from its alert rules (").append(source).append(" over the built-in defaults).\n")
                .append("# Load it with rule_files: in prometheus.yml; check it with: promtool check rules prometheus-alerts.yml\n")
                .append("groups:\n  - name: keel\n    rules:\n");
        for (AlertRule rule : rules.rules()) {
            if (!rule.enabled()) {
                continue;
            }
            boolean native_ = expression(rule) != null;
            out.append("      - alert: ").append(name(rule.id())).append('\n')
                    .append("        expr: ").append(quote(native_ ? expression(rule) : "keel_alert_active{rule=\"" + rule.id() + "\"} > 0"))
                    .append('\n')
                    .append("        for: ").append(native_ ? seconds(rule.holdFor()) : "0s").append('\n')
                    .append("        labels:\n")
                    .append("          severity: ").append(rule.severity().name().toLowerCase(Locale.ROOT)).append('\n')
                    .append("          keel_rule: ").append(rule.id()).append('\n')
                    .append("        annotations:\n")
                    .append("          summary: ").append(quote(summary(rule))).append('\n');
        }
        return out.toString();
    }

    /** The PromQL of a rule whose condition Keel's metrics carry, else null. */
    static String expression(AlertRule rule) {
        return switch (rule.kind()) {
            case GUARD_CRITICAL -> "max(keel_guard_state) >= 2";
            case DISK_LOW -> "100 - keel_disk_used_percent < " + number(rule.number("free-percent"));
            case ERROR_RATE -> "100 * sum by (provider) (increase(keel_model_calls_total{outcome!=\"ok\"}[5m]))"
                    + " / sum by (provider) (increase(keel_model_calls_total[5m])) >= " + number(rule.number("percent"))
                    + " and sum by (provider) (increase(keel_model_calls_total[5m])) >= " + number(rule.number("min-calls"));
            default -> null;
        };
    }

    private static String summary(AlertRule rule) {
        return switch (rule.kind()) {
            case GUARD_CRITICAL -> "ResourceGuard is CRITICAL";
            case DISK_LOW -> "{{ $labels.folder }} has {{ $value | printf \"%.1f\" }} % disk free";
            case ERROR_RATE -> "{{ $labels.provider }} failed {{ $value | printf \"%.0f\" }} % of its calls in 5 minutes";
            default -> "Keel alert " + rule.id() + " is open (see ops/health/ALERTS.md)";
        };
    }

    /** KeelGuardCritical from guard-critical. */
    static String name(String id) {
        StringBuilder name = new StringBuilder("Keel");
        for (String part : id.split("-")) {
            if (!part.isEmpty()) {
                name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return name.toString();
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** A YAML double-quoted scalar. */
    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
