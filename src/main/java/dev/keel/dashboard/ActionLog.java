package dev.keel.dashboard;

import dev.keel.db.Jdbc;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** keel_operator_action: who changed what from the dashboard, when, and what it was before. */
public final class ActionLog {

    private final Jdbc jdbc;
    private final Clock clock;

    public ActionLog(Supplier<DataSource> dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource, "operator actions");
        this.clock = clock;
    }

    public void record(String operator, String action, String subject, String detail) {
        jdbc.update("INSERT INTO keel_operator_action (acted_at, operator, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
                clock.instant(), operator, action, cut(subject, 300), cut(detail, 4000));
    }

    public List<Map<String, Object>> recent(int limit) {
        return jdbc.top(limit, "SELECT acted_at, operator, action, subject, detail FROM keel_operator_action ORDER BY seq DESC",
                r -> Map.of("at", r.getObject(1, OffsetDateTime.class).toInstant().toString(), "operator", r.getString(2),
                        "action", r.getString(3), "subject", r.getString(4), "detail", r.getString(5)));
    }

    private static String cut(String s, int max) {
        return s == null ? "" : s.length() > max ? s.substring(0, max) : s;
    }
}
