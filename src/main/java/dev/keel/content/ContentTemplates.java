package dev.keel.content;

import dev.keel.storage.RejectedInputException;
import dev.keel.storage.TextInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Output templates (seed role O22): {@code templates/content/<name>.md}, a YAML header with a
 * description and a body that tells the model the shape of the output (sections, headings, the
 * sources list). The shape goes after the task's prompt; its hash goes into the output header, so a
 * changed template makes a new input and the task runs again.
 */
public final class ContentTemplates {

    /** One template: the instructions that follow the prompt and their hash. */
    public record Template(String name, String description, String shape, String sha256) {
        /** The task's prompt followed by the shape, as sent to the model. */
        public String apply(String prompt) {
            return shape.isBlank() ? prompt : prompt.strip() + "\n\n" + shape.strip() + "\n";
        }
    }

    /** No template: the prompt goes to the model as written. */
    public static final Template NONE = new Template("none", "the prompt as written", "", TextInput.sha256(new byte[0]));

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_\\-]{0,99}");

    private final Path folder;
    private final String fallback;

    /** {@code fallback} is the template of a task that names none ("none": no template). */
    public ContentTemplates(Path folder, String fallback) {
        this.folder = folder;
        this.fallback = fallback;
    }

    /** The template {@code name} (null: the default); refused when it does not exist or cannot be read. */
    public Template get(String name) {
        String wanted = name == null ? fallback : name;
        if (wanted == null || wanted.isBlank() || wanted.equals(NONE.name())) {
            return NONE;
        }
        if (!NAME.matcher(wanted).matches()) {
            throw new RejectedInputException("template name '" + wanted + "' must be lower-case letters, digits, - and _");
        }
        Path file = folder.resolve(wanted + ".md");
        if (!Files.isRegularFile(file)) {
            throw new RejectedInputException("no template '" + wanted + "': there is no " + file);
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            String where = "templates/content/" + wanted + ".md";
            String text = TextInput.utf8(where, bytes);
            TextInput.FrontMatter split = TextInput.frontMatter(where, text).orElse(new TextInput.FrontMatter(Map.of(), text));
            return new Template(wanted, String.valueOf(split.header().getOrDefault("description", "")), split.body().strip(),
                    TextInput.sha256(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
