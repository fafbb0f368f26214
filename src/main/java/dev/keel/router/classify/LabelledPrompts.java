package dev.keel.router.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.router.Tier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A labelled JSON Lines file for {@code keel route eval}: {@code {"id", "prompt", "tier"}} per line,
 * or {@code "messages"} (OpenAI-style role/content) instead of {@code "prompt"}.
 */
public final class LabelledPrompts {

    /** One labelled request: its id, the text the router reads, and the tier a person chose. */
    public record Labelled(String id, String text, Tier tier) {
    }

    /** A line that cannot be read, named by file and line number. */
    public static final class BadLine extends RuntimeException {
        BadLine(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = dev.keel.storage.InputMappers.json();

    private LabelledPrompts() {
    }

    public static List<Labelled> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Labelled> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                out.add(parse(lines.get(i), file.getFileName() + " line " + (i + 1)));
            }
        }
        if (out.isEmpty()) {
            throw new BadLine(file + " holds no labelled prompts");
        }
        return out;
    }

    static Labelled parse(String line, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new BadLine(where + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        String id = node.path("id").asText(where);
        String raw = node.path("tier").asText("");
        Tier tier;
        try {
            tier = Tier.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadLine(where + " (" + id + "): tier '" + raw + "' is not one of local, reasoning, critical");
        }
        String text;
        if (node.path("prompt").isTextual()) {
            text = node.get("prompt").asText();
        } else if (node.path("messages").isArray() && !node.get("messages").isEmpty()) {
            List<String> parts = new ArrayList<>();
            node.get("messages").forEach(m -> parts.add(m.path("content").asText("")));
            // Joined as the gateway joins a chat request's messages before it asks the router.
            text = String.join("\n", parts);
        } else {
            throw new BadLine(where + " (" + id + ") has neither a \"prompt\" string nor a \"messages\" list");
        }
        return new Labelled(id, text, tier);
    }
}
