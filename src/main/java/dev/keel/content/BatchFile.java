package dev.keel.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.storage.InputMappers;
import com.networknt.schema.ValidationMessage;
import dev.keel.storage.RejectedInputException;
import dev.keel.storage.TextInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads a content batch (seed role O28): {@code *.yaml} or {@code *.json} validated against the
 * published schema ({@code content-batch.schema.json}), or a Markdown brief whose front matter holds a
 * task's settings and whose body is its prompt (a one-task batch named after the file). A batch that
 * cannot be read, breaks the schema or repeats a task id is refused whole; a task whose prompt or
 * template is unknown or lacks a variable is refused alone and the rest of the batch goes on.
 *
 * <p>The file is streamed twice and never held: the first pass checks every task (so a bad batch is
 * refused before anything is queued), the second hands the tasks one at a time to a {@link Sink}.
 * Memory grows with the number of task ids, not with the file.
 */
public final class BatchFile {

    /** The batch's tasks ready to queue, and the tasks refused with their reasons ({@code id: reason}). */
    public record Batch(String id, List<ContentTask> tasks, List<String> refused) {
    }

    /** What a streamed read hands on, task by task, in file order. */
    public interface Sink {
        /** A task whose prompt and template resolved and rendered; {@code prompt} and {@code template} are the versions it uses. */
        void task(ContentTask task, Prompt prompt, ContentTemplates.Template template);

        /** A task refused alone; the rest of the batch goes on. */
        void refused(ContentTask task, String reason);
    }

    /** The batch's id and how many tasks the file holds. */
    public record Summary(String id, int tasks) {
    }

    private static final ObjectMapper YAML = InputMappers.yaml();
    private static final int MAX_PROBLEMS = 20;

    private final PromptStore prompts;
    private final ContentTemplates templates;
    private final long maxBytes;

    public BatchFile(PromptStore prompts, ContentTemplates templates, long maxBytes) {
        this.prompts = prompts;
        this.templates = templates;
        this.maxBytes = maxBytes;
    }

    /** Reads a batch held in memory (a small file, a webhook body) and collects its tasks. */
    public Batch read(String fileName, byte[] bytes) {
        List<ContentTask> tasks = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Summary summary = read(fileName, bytes.length, () -> new ByteArrayInputStream(bytes), new Sink() {
            @Override
            public void task(ContentTask task, Prompt prompt, ContentTemplates.Template template) {
                tasks.add(task);
            }

            @Override
            public void refused(ContentTask task, String reason) {
                refused.add(task.id() + ": " + reason);
            }
        });
        return new Batch(summary.id(), tasks, refused);
    }

    /** Streams the batch in {@code file} to {@code sink}; throws {@link RejectedInputException} for a batch refused whole. */
    public Summary read(String fileName, Path file, Sink sink) {
        try {
            return read(fileName, Files.size(file), () -> Files.newInputStream(file), sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Summary read(String fileName, long size, BatchJson.Opener opener, Sink sink) {
        if (size > maxBytes) {
            throw new RejectedInputException(String.format(Locale.ROOT, "%s is %.1f MB, over the limit of %d MB (keel.content.max-file-mb)",
                    fileName, size / (1024.0 * 1024), maxBytes / (1024 * 1024)));
        }
        try {
            try (InputStream in = opener.open()) {
                TextInput.checkUtf8(fileName, in, fileName + " is empty: a batch needs an id and at least one task");
            }
            String lower = fileName.toLowerCase(Locale.ROOT);
            ObjectMapper mapper = lower.endsWith(".json") ? BatchJson.JSON : YAML;
            if (lower.endsWith(".md")) {
                byte[] bytes;
                try (InputStream in = opener.open()) {
                    bytes = in.readAllBytes();
                }
                byte[] json = BatchJson.JSON.writeValueAsBytes(BatchJson.brief(fileName, TextInput.utf8(fileName, bytes)));
                opener = () -> new ByteArrayInputStream(json);
                mapper = BatchJson.JSON;
            }
            ObjectNode shell = check(fileName, opener, mapper);
            return queue(fileName, opener, mapper, shell, sink);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + fileName + ": " + e.getMessage(), e);
        }
    }

    /** First pass: the schema, the prompt choice and unique ids of every task, then the batch's own fields. */
    private static ObjectNode check(String fileName, BatchJson.Opener opener, ObjectMapper mapper) throws IOException {
        Set<String> problems = new TreeSet<>();
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new TreeSet<>();
        int[] extra = {0};
        ObjectNode shell = BatchJson.scan(fileName, opener, mapper, (index, task) -> {
            List<String> found = new ArrayList<>();
            BatchJson.promptChoice(fileName, index, task).ifPresent(found::add);
            if (found.isEmpty()) {
                for (ValidationMessage m : BatchJson.Schema.TASK.validate(task)) {
                    found.add(m.getMessage().replaceFirst("^\\$", "tasks[" + index + "]"));
                }
            }
            for (String problem : found) {
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add(problem);
                } else {
                    extra[0]++;
                }
            }
            String id = task.path("id").asText(null);
            if (id != null && !seen.add(id)) {
                repeated.add(id);
            }
        });
        ObjectNode root = shell.deepCopy();
        JsonNode count = root.remove("#tasks");
        if (count != null && count.asInt() > 0) {
            // every task was validated above: the batch's own fields are checked against a one-task batch
            root.putArray("tasks").addObject().put("id", "a").put("inline", "a");
        } else if (count != null) {
            root.putArray("tasks");
        }
        String choice = problems.stream().filter(p -> p.startsWith(fileName + ": ")).findFirst().orElse(null);
        if (choice != null) {
            throw new RejectedInputException(choice);
        }
        for (ValidationMessage m : BatchJson.Schema.SCHEMA.validate(root)) {
            problems.add(m.getMessage().replaceFirst("^\\$\\.?", ""));
        }
        if (!problems.isEmpty()) {
            throw new RejectedInputException(fileName + " does not follow the batch schema: " + String.join("; ", problems)
                    + (extra[0] > 0 ? "; and " + extra[0] + " more" : ""));
        }
        if (!repeated.isEmpty()) {
            throw new RejectedInputException(fileName + " repeats task ids " + limited(repeated) + ": each task needs its own id");
        }
        return shell;
    }

    /** Second pass: each task with its defaults applied, its prompt and template resolved, handed to the sink. */
    private Summary queue(String fileName, BatchJson.Opener opener, ObjectMapper mapper, ObjectNode shell, Sink sink) throws IOException {
        String batch = shell.get("id").asText();
        JsonNode defaults = shell.path("defaults");
        Set<String> outputs = new HashSet<>();
        Map<String, Object> promptCache = new HashMap<>();
        Map<String, Object> templateCache = new HashMap<>();
        int[] count = {0};
        BatchJson.scan(fileName, opener, mapper, (index, node) -> {
            count[0]++;
            ContentTask task = BatchJson.task(batch, node, defaults);
            try {
                if (!outputs.add(task.output())) {
                    throw new RejectedInputException("its output " + task.output() + " is another task's output too");
                }
                Prompt prompt = task.prompt() == null ? inline(task.inline())
                        : cached(promptCache, task.prompt(), () -> {
                            String[] ref = task.prompt().split("@", 2);
                            return prompts.get(ref[0], ref.length > 1 ? ref[1] : null);
                        });
                prompt.render(task.variables());
                ContentTemplates.Template template = cached(templateCache, String.valueOf(task.template()),
                        () -> templates.get(task.template()));
                sink.task(task.prompt() == null ? task : task.withPrompt(prompt.ref()), prompt, template);
            } catch (RejectedInputException e) {
                sink.refused(task, e.getMessage());
            }
        });
        return new Summary(batch, count[0]);
    }

    /** An inline prompt: named inline, its version the first 12 hex digits of its hash. */
    private static Prompt inline(String text) {
        String sha = TextInput.sha256(text.getBytes(StandardCharsets.UTF_8));
        return new Prompt("inline", sha.substring(0, 12), "", List.copyOf(Prompt.markers(text)), text, sha);
    }

    /** A lookup that refuses is cached as its refusal: one bad reference costs one lookup per batch. */
    @SuppressWarnings("unchecked")
    private static <T> T cached(Map<String, Object> cache, String key, Supplier<T> lookup) {
        Object value = cache.computeIfAbsent(key, k -> {
            try {
                return lookup.get();
            } catch (RejectedInputException e) {
                return e;
            }
        });
        if (value instanceof RejectedInputException e) {
            throw new RejectedInputException(e.getMessage());
        }
        return (T) value;
    }

    private static String limited(Set<String> ids) {
        return ids.size() <= MAX_PROBLEMS ? ids.toString()
                : ids.stream().limit(MAX_PROBLEMS).toList().toString().replaceFirst("]$", ", ... " + (ids.size() - MAX_PROBLEMS) + " more]");
    }
}
