package dev.keel.dashboard;

import dev.keel.db.Jdbc;
import dev.keel.legal.LegalQueries;
import dev.keel.night.NightRunLog;
import dev.keel.storage.Backups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;

/** The dashboard's reads of the work Keel does: the content queue by priority, batches, rejected tasks, night runs, backups, stale legal documents. */
public final class WorkViews {

    private final Jdbc jdbc;
    private final NightRunLog nights;
    private final LegalQueries legal;
    private final Path backups;
    private final dev.keel.storage.StorageLayout layout;

    public WorkViews(Supplier<DataSource> dataSource, NightRunLog nights, LegalQueries legal, Path backups,
                     dev.keel.storage.StorageLayout layout) {
        this.jdbc = new Jdbc(dataSource, "dashboard");
        this.nights = nights;
        this.legal = legal;
        this.backups = backups;
        this.layout = layout;
    }

    /** Inputs an inbox refused or failed on, newest first, with the reason from their error file (at most 100). */
    public List<Map<String, Object>> failures(String workflow) {
        if (!workflow.matches("[a-z][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("no workflow '" + workflow + "'");
        }
        Path errors = layout.errors(workflow);
        if (!Files.isDirectory(errors)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(errors)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".error.txt") && Files.isRegularFile(p,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .sorted(java.util.Comparator.comparing(WorkViews::modified).reversed()).limit(100)
                    .map(p -> Map.<String, Object>of("file", p.getFileName().toString().replaceFirst("\\.error\\.txt$", ""),
                            "reason", reason(p), "at", modified(p).toString())).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + errors + ": " + e.getMessage(), e);
        }
    }

    private static String reason(Path sidecar) {
        try (Stream<String> lines = Files.lines(sidecar)) {
            return lines.filter(l -> l.startsWith("reason: ")).map(l -> l.substring("reason: ".length())).findFirst().orElse("");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "the error file is not readable";
        }
    }

    private static java.time.Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return java.time.Instant.EPOCH;
        }
    }

    /** Tasks not ended, per priority and state (the queue's (state, priority, seq) index answers it). */
    public Object queueByPriority() {
        Map<Integer, Map<String, Long>> byPriority = new TreeMap<>();
        jdbc.list("SELECT priority, state, COUNT(*) FROM keel_content_task WHERE state IN ('queued', 'waiting', 'running', 'night')"
                + " GROUP BY priority, state", r -> byPriority.computeIfAbsent(r.getInt(1), p -> new TreeMap<>())
                .put(r.getString(2), r.getLong(3)));
        List<Map<String, Object>> rows = new ArrayList<>();
        byPriority.forEach((p, states) -> rows.add(Map.of("priority", p, "states", states)));
        return rows;
    }

    /** The latest batches with their tasks counted by state. */
    public List<Map<String, Object>> batches(int limit) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        jdbc.top(limit, "SELECT batch_id, file_name, tasks, received_at, reported_at FROM keel_content_batch ORDER BY received_at DESC", r -> {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("batch", r.getString(1));
            b.put("file", r.getString(2));
            b.put("tasks", r.getInt(3));
            b.put("received", r.getObject(4, OffsetDateTime.class).toInstant().toString());
            OffsetDateTime reported = r.getObject(5, OffsetDateTime.class);
            b.put("reported", reported == null ? null : reported.toInstant().toString());
            b.put("states", new TreeMap<String, Long>());
            out.put(r.getString(1), b);
            return null;
        });
        for (Map.Entry<String, Map<String, Object>> e : out.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Long> states = (Map<String, Long>) e.getValue().get("states");
            jdbc.list("SELECT state, COUNT(*) FROM keel_content_task WHERE batch_id = ? GROUP BY state",
                    r -> states.put(r.getString(1), r.getLong(2)), e.getKey());
        }
        return new ArrayList<>(out.values());
    }

    /** A batch's rejected tasks with their reasons (the retry action takes their id). */
    public List<Map<String, Object>> rejected(String batch) {
        return jdbc.top(500, "SELECT seq, task_id, attempts, reason, finished_at FROM keel_content_task WHERE batch_id = ? AND state = 'rejected'"
                + " ORDER BY seq", r -> {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("id", r.getLong(1));
                    t.put("task", r.getString(2));
                    t.put("attempts", r.getInt(3));
                    t.put("reason", r.getString(4));
                    OffsetDateTime at = r.getObject(5, OffsetDateTime.class);
                    t.put("finished", at == null ? null : at.toInstant().toString());
                    return t;
                }, batch);
    }

    public List<Map<String, Object>> night(int limit) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (NightRunLog.Run run : nights.recent(limit)) {
            rows.add(Map.of("started", run.started().toString(), "finished", run.finished().toString(), "trigger", run.trigger(),
                    "outcome", run.outcome(), "steps", run.steps()));
        }
        return rows;
    }

    /** The newest backup file in keel.backup.dir: name, time and size (its verification is in the night run's steps). */
    public Object lastBackup() {
        if (!Files.isDirectory(backups)) {
            return Map.of("message", "no backup yet");
        }
        try (Stream<Path> files = Files.list(backups)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".zip") && Files.isRegularFile(p))
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString()))
                    .<Object>map(p -> Map.of("file", p.getFileName().toString(), "at", String.valueOf(safeTime(p)), "bytes", size(p)))
                    .orElse(Map.of("message", "no backup yet"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + backups + ": " + e.getMessage(), e);
        }
    }

    private static Object safeTime(Path p) {
        try {
            return Backups.timeOf(p);
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    public Object stale() {
        List<LegalQueries.StaleEntry> stale = legal.stale();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LegalQueries.StaleEntry s : stale.subList(0, Math.min(20, stale.size()))) {
            rows.add(Map.of("document", s.documentId(), "title", s.title(), "record", s.recordId(), "fields", s.changedFields(),
                    "marked", s.markedAt().toString()));
        }
        return Map.of("count", stale.size(), "documents", rows);
    }
}
