package dev.keel.dashboard;

import dev.keel.alert.Alert;
import dev.keel.alert.AlertBook;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alerts as the dashboard's JSON; without an AlertBook bean the answer says "alerts not configured". */
final class Alerts {

    static final String NOT_CONFIGURED = "alerts not configured";

    private Alerts() {
    }

    static Object open(AlertBook book) {
        return book == null ? Map.of("configured", false, "message", NOT_CONFIGURED)
                : Map.of("configured", true, "alerts", rows(book.open()));
    }

    static Object recent(AlertBook book, int limit) {
        return book == null ? Map.of("configured", false, "message", NOT_CONFIGURED)
                : Map.of("configured", true, "alerts", rows(book.recent(limit)));
    }

    private static List<Map<String, Object>> rows(List<Alert> alerts) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Alert a : alerts) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", a.id());
            row.put("rule", a.rule());
            row.put("subject", a.subject());
            row.put("severity", a.severity().name());
            row.put("summary", a.summary());
            row.put("firedAt", a.firedAt().toString());
            row.put("resolvedAt", a.resolvedAt() == null ? null : a.resolvedAt().toString());
            row.put("acknowledgedBy", a.acknowledgedBy());
            row.put("acknowledgedAt", a.acknowledgedAt() == null ? null : a.acknowledgedAt().toString());
            row.put("open", a.open());
            rows.add(row);
        }
        return rows;
    }
}
