package dev.keel.night;

import dev.keel.db.Jdbc;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Night runs recorded in the database, so a restart knows when the last one ran. */
public final class NightRunLog {

    /** A finished run. */
    public record Run(Instant started, Instant finished, String trigger, String outcome, String steps) {
    }

    private final Jdbc jdbc;

    public NightRunLog(Supplier<DataSource> dataSource) {
        this.jdbc = new Jdbc(dataSource, "night run log");
    }

    public void record(Run run) {
        jdbc.update("INSERT INTO keel_night_run (started_at, finished_at, run_trigger, outcome, steps) VALUES (?, ?, ?, ?, ?)",
                run.started(), run.finished(), run.trigger(), run.outcome(), run.steps());
    }

    public List<Run> recent(int limit) {
        return jdbc.top(limit, "SELECT started_at, finished_at, run_trigger, outcome, steps FROM keel_night_run ORDER BY started_at DESC",
                r -> new Run(r.getObject(1, OffsetDateTime.class).toInstant(), r.getObject(2, OffsetDateTime.class).toInstant(),
                        r.getString(3), r.getString(4), r.getString(5)));
    }
}
