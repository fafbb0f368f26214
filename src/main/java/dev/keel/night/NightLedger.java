package dev.keel.night;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Night runs recorded in the database, so a restart knows when the last one ran. */
public final class NightLedger {

    /** A finished run. */
    public record Run(Instant started, Instant finished, String trigger, String outcome, String steps) {
    }

    private final Supplier<DataSource> dataSource;

    public NightLedger(Supplier<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    public void record(Run run) {
        try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO keel_night_run (started_at, finished_at, run_trigger, outcome, steps) VALUES (?, ?, ?, ?, ?)")) {
            s.setObject(1, run.started().atOffset(ZoneOffset.UTC));
            s.setObject(2, run.finished().atOffset(ZoneOffset.UTC));
            s.setString(3, run.trigger());
            s.setString(4, run.outcome());
            s.setString(5, run.steps());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("night ledger: " + e.getMessage(), e);
        }
    }

    public List<Run> recent(int limit) {
        List<Run> runs = new ArrayList<>();
        try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT started_at, finished_at, run_trigger, outcome, steps FROM keel_night_run ORDER BY started_at DESC")) {
            s.setMaxRows(limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    runs.add(new Run(r.getObject(1, OffsetDateTime.class).toInstant(), r.getObject(2, OffsetDateTime.class).toInstant(),
                            r.getString(3), r.getString(4), r.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("night ledger: " + e.getMessage(), e);
        }
        return runs;
    }
}
