package dev.keel.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.keel.router.Tier;
import dev.keel.storage.RejectedInputException;
import dev.keel.storage.TextInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a content batch (seed role O28): {@code *.yaml} or {@code *.json} validated against the
 * published schema ({@code content-batch.schema.json}), or a Markdown brief whose front matter holds a
 * task's settings and whose body is its prompt (a one-task batch named after the file). A batch that
 * cannot be read, breaks the schema or repeats a task id is refused whole; a task whose prompt is
 * unknown or lacks a variable is refused alone and the rest of the batch goes on.
 */
public final class BatchFile {

    /** The batch's tasks ready to queue, and the tasks refused with their reasons ({@code id: reason}). */
    public record Batch(String id, List<ContentTask> tasks, List<String> refused) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final PromptStore prompts;
    private final long maxBytes;

    public BatchFile(PromptStore prompts, long maxBytes) {
        this.prompts = prompts;
        this.maxBytes = maxBytes;
    }

    public Batch read(String fileName, byte[] bytes) {
        if (bytes.length > maxBytes) {
            throw new RejectedInputException(fileName + " is " + bytes.length / (1024 * 1024) + " MB, over the limit of "
                    + maxBytes / (1024 * 1024) + " MB (keel.content.max-file-mb)");
        }
        String text = TextInput.utf8(fileName, bytes);
        if (text.isBlank()) {
            throw new RejectedInputException(fileName + " is empty: a batch needs an id and at least one task");
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        JsonNode root = lower.endsWith(".md") ? brief(fileName, text) : parse(fileName, text, lower.endsWith(".json") ? JSON : YAML);
        checkPromptChoice(fileName, root);
        List<String> problems = new ArrayList<>();
        for (ValidationMessage m : Schema.SCHEMA.validate(root)) {
            problems.add(m.getMessage().replaceFirst("^\\$\\.?", ""));
        }
        if (!problems.isEmpty()) {
            throw new RejectedInputException(fileName + " does not follow the batch schema: " + String.join("; ", new TreeSet<>(problems)));
        }
        String batch = root.get("id").asText();
        JsonNode defaults = root.path("defaults");
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new TreeSet<>();
        for (JsonNode task : root.get("tasks")) {
            if (!seen.add(task.get("id").asText())) {
                repeated.add(task.get("id").asText());
            }
        }
        if (!repeated.isEmpty()) {
            throw new RejectedInputException(fileName + " repeats task ids " + repeated + ": each task needs its own id");
        }
        List<ContentTask> tasks = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Set<String> outputs = new HashSet<>();
        for (JsonNode node : root.get("tasks")) {
            ContentTask task = task(batch, node, defaults);
            try {
                if (!outputs.add(task.output())) {
                    throw new RejectedInputException("its output " + task.output() + " is another task's output too");
                }
                check(task);
                tasks.add(task);
            } catch (RejectedInputException e) {
                refused.add(task.id() + ": " + e.getMessage());
            }
        }
        return new Batch(batch, tasks, refused);
    }

    /** The task's prompt must exist and render with its variables now, not halfway through the batch. */
    private void check(ContentTask task) {
        if (task.prompt() != null) {
            String[] ref = task.prompt().split("@", 2);
            prompts.get(ref[0], ref.length > 1 ? ref[1] : null).render(task.variables());
        } else {
            Prompt inline = new Prompt("inline", "0", "", List.copyOf(Prompt.markers(task.inline())), task.inline(), "");
            inline.render(task.variables());
        }
    }

    private static ContentTask task(String batch, JsonNode node, JsonNode defaults) {
        Map<String, Object> variables = new LinkedHashMap<>();
        defaults.path("variables").properties().forEach(e -> variables.put(e.getKey(), e.getValue().asText()));
        node.path("variables").properties().forEach(e -> variables.put(e.getKey(), e.getValue().asText()));
        String id = node.get("id").asText();
        String tier = setting(node, defaults, "tier", null);
        return new ContentTask(batch, id, setting(node, defaults, "title", id), setting(node, defaults, "prompt", null),
                setting(node, defaults, "inline", null), Map.copyOf(variables), setting(node, defaults, "kind", null),
                tier == null ? null : Tier.valueOf(tier.toUpperCase(Locale.ROOT)),
                Integer.parseInt(setting(node, defaults, "priority", "P2").substring(1)),
                "night".equals(setting(node, defaults, "when", "now")), Integer.parseInt(setting(node, defaults, "sources", "0")),
                setting(node, defaults, "output", id + ".md"));
    }

    private static String setting(JsonNode task, JsonNode defaults, String field, String fallback) {
        JsonNode value = task.has(field) ? task.get(field) : defaults.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    private static void checkPromptChoice(String fileName, JsonNode root) {
        JsonNode tasks = root.path("tasks");
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode task = tasks.get(i);
            boolean bank = task.has("prompt");
            boolean inline = task.has("inline");
            if (bank == inline) {
                throw new RejectedInputException(fileName + ": tasks[" + i + "] (" + task.path("id").asText("no id") + ") needs "
                        + (bank ? "either a prompt or an inline prompt, not both" : "a prompt (name or name@version) or an inline prompt"));
            }
        }
    }

    private static JsonNode parse(String fileName, String text, ObjectMapper mapper) {
        try {
            JsonNode root = mapper.readTree(text);
            if (root == null || !root.isObject()) {
                throw new RejectedInputException(fileName + " is not a batch: expected a mapping with id and tasks");
            }
            return root;
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "no detail" : e.getOriginalMessage().strip().lines().findFirst().orElse("");
            throw new RejectedInputException(fileName + " is malformed at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + message);
        }
    }

    /** A Markdown brief: front matter with task settings, the body as the inline prompt; one task named after the file. */
    private static JsonNode brief(String fileName, String text) {
        String stem = fileName.replaceFirst("\\.[^.]+$", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_\\-]", "-");
        TextInput.FrontMatter split = TextInput.frontMatter(fileName, text).orElse(new TextInput.FrontMatter(Map.of(), text));
        Map<String, Object> header = split.header();
        String body = split.body().strip();
        ObjectNode task = JSON.valueToTree(header);
        task.put("id", task.path("id").asText(stem));
        if (!body.isEmpty()) {
            task.put("inline", body);
        }
        ObjectNode root = JSON.createObjectNode().put("id", stem);
        root.putArray("tasks").add(task);
        return root;
    }

    /** The published schema, loaded once. */
    private static final class Schema {
        static final JsonSchema SCHEMA = load();

        private static JsonSchema load() {
            try (InputStream in = BatchFile.class.getResourceAsStream("/content-batch.schema.json")) {
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
