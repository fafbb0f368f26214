package dev.keel.content;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.keel.router.Tier;
import dev.keel.storage.RejectedInputException;
import dev.keel.storage.TextInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A batch file's JSON for {@link BatchFile}: the streamed scan of its tasks, task nodes to ContentTasks, Markdown briefs, the schema. */
final class BatchJson {

    static final ObjectMapper JSON = dev.keel.storage.InputMappers.json();

    private BatchJson() {
    }

    interface Opener {
        InputStream open() throws IOException;
    }

    interface TaskVisitor {
        void visit(int index, JsonNode task);
    }

    /**
     * Streams the top-level mapping: every field but {@code tasks} is kept in the returned shell; each
     * element of {@code tasks} goes to the visitor and is dropped; {@code #tasks} holds their number.
     */
    static ObjectNode scan(String fileName, Opener opener, ObjectMapper mapper, TaskVisitor visitor) throws IOException {
        try (InputStream in = opener.open(); JsonParser p = mapper.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new RejectedInputException(fileName + " is not a batch: expected a mapping with id and tasks");
            }
            ObjectNode shell = JSON.createObjectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("tasks") && value == JsonToken.START_ARRAY) {
                    int index = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        visitor.visit(index++, mapper.readTree(p));
                    }
                    shell.put("#tasks", index);
                } else {
                    shell.set(field, mapper.readTree(p));
                }
            }
            return shell;
        } catch (JsonProcessingException e) {
            throw new RejectedInputException(dev.keel.storage.InputMappers.reason(fileName + " is malformed", e, 0));
        }
    }

    static ContentTask task(String batch, JsonNode node, JsonNode defaults) {
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
                setting(node, defaults, "output", id + ".md"), setting(node, defaults, "template", null));
    }

    static String setting(JsonNode task, JsonNode defaults, String field, String fallback) {
        JsonNode value = task.has(field) ? task.get(field) : defaults.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    static Optional<String> promptChoice(String fileName, int index, JsonNode task) {
        boolean bank = task.has("prompt");
        boolean inline = task.has("inline");
        if (bank != inline) {
            return Optional.empty();
        }
        return Optional.of(fileName + ": tasks[" + index + "] (" + task.path("id").asText("no id") + ") needs "
                + (bank ? "either a prompt or an inline prompt, not both" : "a prompt (name or name@version) or an inline prompt"));
    }

    /** A Markdown brief: front matter with task settings, the body as the inline prompt; one task named after the file. */
    static JsonNode brief(String fileName, String text) {
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

    /**
     * The published schema, loaded once; and its task definition on its own, so each task of a large
     * batch is checked without wrapping it in a batch.
     */
    static final class Schema {
        static final JsonSchema SCHEMA;
        static final JsonSchema TASK;

        static {
            try (InputStream in = BatchFile.class.getResourceAsStream("/content-batch.schema.json")) {
                JsonNode published = JSON.readTree(in);
                JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
                SCHEMA = factory.getSchema(published);
                ObjectNode task = JSON.createObjectNode().put("$schema", published.get("$schema").asText())
                        .put("$ref", "#/$defs/task");
                task.set("$defs", published.get("$defs"));
                TASK = factory.getSchema(task);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
