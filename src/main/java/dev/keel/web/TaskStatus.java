package dev.keel.web;

import dev.keel.storage.ErrorSidecar;
import dev.keel.storage.StorageLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/tasks/{id}}: a task's state is where its file is. Inbox: queued; .inprogress:
 * running; archive: done; .error: failed, with the reason from its error file.
 */
public final class TaskStatus {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final Inboxes inboxes;
    private final StorageLayout layout;
    private final TaskTokens tokens;
    private final java.time.Clock clock;

    public TaskStatus(Inboxes inboxes, StorageLayout layout, TaskTokens tokens, java.time.Clock clock) {
        this.inboxes = inboxes;
        this.layout = layout;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Unknown ids, wrong tokens and days outside retention all answer the same 404, after no file access. */
    public void lookup(Exchange exchange) {
        String task = exchange.getMessage().getHeader("id", String.class);
        String token = exchange.getMessage().getHeader("token", String.class);
        Http.clear(exchange);
        if (task != null && Tasks.ID.matcher(task).matches() && token == null) {
            Http.error(exchange, 401, "a task's status needs its token: use the status_url of the 202 answer");
            return;
        }
        if (task == null || !Tasks.ID.matcher(task).matches() || !tokens.matches(task, token) || !Tasks.within(task,
                java.time.LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)), layout.retentionDays())) {
            Http.error(exchange, 404, "no task '" + task + "'");
            return;
        }
        for (Inboxes.Inbox inbox : inboxes.all()) {
            Optional<Map<String, Object>> found = find(task, inbox.workflow());
            if (found.isPresent()) {
                Http.json(exchange, 200, found.get());
                return;
            }
        }
        Http.error(exchange, 404, "no task '" + task + "'");
    }

    /** The task's state in one workflow's folders, if it is there. */
    public Optional<Map<String, Object>> find(String task, String workflow) {
        String prefix = task + "--";
        if (first(layout.inbox(workflow), prefix).isPresent()) {
            return Optional.of(state(task, workflow, "queued", null));
        }
        if (first(layout.inProgress(workflow), prefix).isPresent()) {
            return Optional.of(state(task, workflow, "running", null));
        }
        Optional<Path> failed = first(layout.errors(workflow), prefix + "*");
        if (failed.isPresent()) {
            return Optional.of(state(task, workflow, "failed", reason(failed.get())));
        }
        LocalDate day;
        try {
            day = Tasks.day(task);
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
        // done on its day or any later one (a task may wait, e.g. while the guard is CRITICAL); lookup() keeps the day
        // within retention, so the walk is at most that many days
        LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)).plusDays(1);
        for (LocalDate d = day; !d.isAfter(today); d = d.plusDays(1)) {
            if (first(layout.archive().resolve(workflow).resolve(d.format(DAY)), prefix).isPresent()) {
                return Optional.of(state(task, workflow, "done", null));
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> state(String task, String workflow, String status, String reason) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", task);
        out.put("workflow", workflow);
        out.put("status", status);
        if (reason != null) {
            out.put("reason", reason);
        }
        return out;
    }

    private static String reason(Path failed) {
        Path sidecar = failed.resolveSibling(ErrorSidecar.sidecarName(failed.getFileName().toString()));
        try {
            return Files.readAllLines(sidecar).stream().filter(l -> l.startsWith("reason: "))
                    .map(l -> l.substring("reason: ".length())).findFirst().orElse("see " + sidecar.getFileName());
        } catch (IOException e) {
            return "failed; the reason file is not readable yet";
        }
    }

    /** The first file in {@code dir} named {@code prefix…}; a trailing '*' on the prefix skips error files. */
    private static Optional<Path> first(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        boolean inputsOnly = prefix.endsWith("*");
        String start = inputsOnly ? prefix.substring(0, prefix.length() - 1) : prefix;
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(start) && !(inputsOnly && n.endsWith(".error.txt")))
                    .map(dir::resolve).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
