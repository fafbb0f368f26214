package dev.keel.alert;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** ops/health/ALERTS.md: open alerts, recent ones, and deliveries that failed (retrying or given up). Never a URL or token. */
final class AlertsReport {

    private AlertsReport() {
    }

    static String render(List<Alert> open, List<Alert> recent, List<AlertDelivery> failures, int rules, int sinks, Instant changed) {
        return render(open, recent, failures, rules, sinks, null, changed);
    }

    /** With {@code problem}: why alerts.yaml as it is on disk is not in use (null: it is). */
    static String render(List<Alert> open, List<Alert> recent, List<AlertDelivery> failures, int rules, int sinks, String problem,
                         Instant changed) {
        StringBuilder out = new StringBuilder("# Alerts\n\n");
        out.append("Written by Keel's alerts route (docs/alerts.md) whenever an alert or a delivery changes; last change ")
                .append(changed).append(". ").append(rules).append(" rules, ").append(sinks).append(" sinks.\n\n");
        if (problem != null) {
            out.append("**alerts.yaml problem:** ").append(cell(problem)).append("\n\n");
        }
        out.append("## Open (").append(open.size()).append(")\n\n");
        if (open.isEmpty()) {
            out.append("Nothing holds now.\n\n");
        } else {
            out.append("| since | severity | rule | subject | summary | acknowledged |\n|---|---|---|---|---|---|\n");
            for (Alert a : open) {
                out.append("| ").append(a.firedAt()).append(" | ").append(severity(a)).append(" | ").append(cell(a.rule())).append(" | ")
                        .append(cell(a.subject())).append(" | ").append(cell(a.summary())).append(" | ")
                        .append(a.acknowledged() ? cell(a.acknowledgedBy()) + " at " + a.acknowledgedAt() : "no").append(" |\n");
            }
            out.append('\n');
        }
        out.append("## Recent\n\n");
        if (recent.isEmpty()) {
            out.append("No alert has fired yet.\n\n");
        } else {
            out.append("| fired | resolved | severity | rule | subject | summary |\n|---|---|---|---|---|---|\n");
            for (Alert a : recent) {
                out.append("| ").append(a.firedAt()).append(" | ").append(a.resolvedAt() == null ? "open" : a.resolvedAt().toString())
                        .append(" | ").append(severity(a)).append(" | ").append(cell(a.rule())).append(" | ").append(cell(a.subject()))
                        .append(" | ").append(cell(a.summary())).append(" |\n");
            }
            out.append('\n');
        }
        out.append("## Delivery failures\n\n");
        if (failures.isEmpty()) {
            out.append("None: every message was delivered or is on its first attempt.\n");
        } else {
            out.append("| alert | sink | message | attempts | state | next try | last error |\n|---|---|---|---|---|---|---|\n");
            for (AlertDelivery d : failures) {
                out.append("| ").append(cell(d.alert().id())).append(" | ").append(cell(d.sink())).append(" | ").append(d.event().label())
                        .append(" | ").append(d.attempts()).append(" | ")
                        .append(d.state() == AlertDelivery.State.FAILED ? "**gave up**" : "retrying").append(" | ")
                        .append(d.state() == AlertDelivery.State.FAILED ? "-" : d.nextAt().toString()).append(" | ")
                        .append(cell(d.lastError())).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String severity(Alert a) {
        String s = a.severity().name().toLowerCase(Locale.ROOT);
        return a.severity() == Alert.Severity.CRITICAL ? "**" + s + "**" : s;
    }

    private static String cell(String text) {
        return text == null || text.isEmpty() ? "-" : text.replace("|", "\\|").replace("\n", " ");
    }
}
