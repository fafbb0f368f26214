package dev.keel.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.keel.storage.AtomicFiles;
import dev.keel.storage.RejectedInputException;
import dev.keel.storage.TextInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The files a task ends in (seed role O21): {@code outbox/content/<batch>/<output>} with a YAML header
 * and the model's Markdown, or {@code outbox/content/<batch>/rejected/<task>.md} with the reasons.
 * Each is written whole (temp file, then an atomic rename) and carries the task's input hash, so
 * a restarted batch recognises a task done by an earlier run and does not pay for it again.
 */
public final class ContentOutput {

    /** The header key that ties an output to the input it was made from. */
    public static final String INPUT_KEY = "input-sha256";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private final Path root;
    private final boolean force;

    /** {@code root}: outbox/content; {@code force}: each file forced to disk before it is renamed into place. */
    public ContentOutput(Path root, boolean force) {
        this.root = root;
        this.force = force;
    }

    public Path root() {
        return root;
    }

    public Path folder(String batch) {
        return root.resolve(batch);
    }

    /** Where a task's output goes; its name was checked against the schema, and is checked again here. */
    public Path output(String batch, String output) {
        Path folder = folder(batch).normalize();
        Path file = folder.resolve(output).normalize();
        if (!file.startsWith(folder) || file.equals(folder)) {
            throw new RejectedInputException("output " + output + " leaves outbox/content/" + batch);
        }
        return file;
    }

    public Path rejected(String batch, String task) {
        return folder(batch).resolve("rejected").resolve(task + ".md");
    }

    /** Writes {@code header} as YAML front matter followed by {@code body}. */
    public void write(Path file, Map<String, ?> header, String body) {
        AtomicFiles.write(file, render(header, body).getBytes(StandardCharsets.UTF_8), force);
    }

    static String render(Map<String, ?> header, String body) {
        String yaml = HeaderYaml.write(header).orElseGet(() -> jackson(header));
        return "---\n" + yaml + (yaml.endsWith("\n") ? "" : "\n") + "---\n" + (body == null || body.isBlank() ? "" : "\n" + body.strip() + "\n");
    }

    /** The header by Jackson's YAML writer: any value {@link HeaderYaml} is not sure of, and the reference it is tested against. */
    static String jackson(Map<String, ?> header) {
        try {
            return YAML.writeValueAsString(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("output header: " + e.getMessage(), e);
        }
    }

    /**
     * The header of {@code file} when it was made from the input {@code inputSha256}: the task ended in
     * an earlier run. Empty when there is no such file, or it belongs to another input.
     */
    public static Optional<Map<String, Object>> recognise(Path file, String inputSha256) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            Optional<TextInput.FrontMatter> split = TextInput.frontMatter(file.getFileName().toString(), text);
            return split.map(TextInput.FrontMatter::header).filter(h -> inputSha256.equals(String.valueOf(h.get(INPUT_KEY))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RejectedInputException e) {
            return Optional.empty(); // not Keel's header: someone else's file, made again
        }
    }
}
