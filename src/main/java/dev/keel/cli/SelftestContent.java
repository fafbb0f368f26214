package dev.keel.cli;

import dev.keel.storage.StorageLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content pipeline in {@code keel selftest}: one batch of tasks through the whole route (queue, safety
 * review, routing, the model call to the selftest's provider, QA gate, output file, done-marks, REPORT.md).
 * The build's training runs ask for thousands, so the JDK 25 AOT cache holds the content path's method
 * profiles and a fresh Keel's first batch does not start from the interpreter (bench/RESULTS.md, issue 20).
 */
final class SelftestContent {

    /** In each task's prompt: the selftest's provider answers these with {@link #ARTICLE}, which passes the QA gate. */
    static final String MARKER = "selftest article";
    static final String ARTICLE = "# A selftest article\\n\\n"
            + "Keel routes each content task to a model and checks what comes back. ".repeat(6)
            + "\\n\\n## Sources\\n\\n- https://example.org/keel\\n- https://camel.apache.org\\n";
    private static final Pattern DONE = Pattern.compile("\\| done \\| (\\d+)");

    private SelftestContent() {
    }

    /** Drops a batch of {@code tasks} tasks into the content inbox (JSON, as an operator would). */
    static void drop(StorageLayout layout, int tasks) throws IOException {
        StringBuilder batch = new StringBuilder("{\"id\": \"selftest\", \"defaults\": {\"template\": \"none\"}, \"tasks\": [\n");
        for (int i = 0; i < tasks; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"id\": \"t").append(i).append("\", \"inline\": \"Write a ").append(MARKER)
                    .append(" about check number ").append(i).append(".\", \"priority\": \"P").append(i % 4).append("\"}\n");
        }
        batch.append("]}\n");
        Path inbox = Files.createDirectories(layout.inbox("content"));
        Path temp = inbox.resolve(".selftest.json.tmp");
        Files.writeString(temp, batch);
        Files.move(temp, inbox.resolve("selftest.json"));
    }

    /** The batch's report; null until it is written. */
    static Path report(StorageLayout layout) {
        Path report = layout.outbox().resolve("content").resolve("selftest").resolve("REPORT.md");
        return Files.exists(report) ? report : null;
    }

    /** How many tasks the report counts done. */
    static long done(Path report) throws IOException {
        Matcher m = DONE.matcher(Files.readString(report));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
