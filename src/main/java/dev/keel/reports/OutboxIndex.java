package dev.keel.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.secrets.Publisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** outbox/INDEX.md (seed role O15): every output by workflow, with the fields of its YAML header. */
public final class OutboxIndex {

    private static final ObjectMapper YAML = dev.keel.storage.InputMappers.yaml();
    private static final List<String> SHOWN = List.of("title", "id", "version", "date", "model", "provider", "tier", "matter");

    private OutboxIndex() {
    }

    public static int write(Path outbox, Instant now) throws IOException {
        StringBuilder md = new StringBuilder("# Outbox index\n\nWritten ").append(now.truncatedTo(ChronoUnit.SECONDS))
                .append(": every output by workflow, with its header fields.\n");
        int count = 0;
        if (Files.isDirectory(outbox)) {
            try (Stream<Path> workflows = Files.list(outbox)) {
                for (Path workflow : workflows.filter(Files::isDirectory).sorted().toList()) {
                    md.append("\n## ").append(workflow.getFileName()).append("\n\n| file | bytes | header |\n|---|---|---|\n");
                    try (Stream<Path> files = Files.walk(workflow)) {
                        for (Path file : files.filter(Files::isRegularFile)
                                .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                            md.append("| ").append(workflow.relativize(file).toString().replace('\\', '/')).append(" | ")
                                    .append(Files.size(file)).append(" | ").append(header(file)).append(" |\n");
                            count++;
                        }
                    }
                }
            }
        }
        Publisher.publish(outbox.resolve("INDEX.md"), md.toString());
        return count;
    }

    private static String header(Path file) {
        if (!file.toString().endsWith(".md")) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
                return "";
            }
            int end = lines.subList(1, lines.size()).indexOf("---");
            if (end < 0) {
                return "";
            }
            Object parsed = YAML.readValue(String.join("\n", lines.subList(1, end + 1)), Object.class);
            if (!(parsed instanceof Map<?, ?> map)) {
                return "";
            }
            Map<String, Object> shown = new LinkedHashMap<>();
            SHOWN.forEach(k -> {
                if (map.get(k) != null) {
                    shown.put(k, map.get(k));
                }
            });
            return String.join("; ", shown.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList())
                    .replace("|", "\\|");
        } catch (IOException | RuntimeException e) {
            return "(header unreadable)";
        }
    }
}
