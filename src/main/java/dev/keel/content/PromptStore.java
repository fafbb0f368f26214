package dev.keel.content;

import dev.keel.db.Jdbc;
import dev.keel.storage.RejectedInputException;
import dev.keel.storage.TextInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The prompt bank (seed role O26): {@code prompts/<name>.md}, one file per prompt at its current
 * version. A version is immutable: the first time Keel sees {@code name@version} it records the
 * content hash and the text in the database; a file changed under a version already recorded is
 * refused ("bump the version"), and earlier versions stay renderable from the database after the
 * file moved on.
 */
public final class PromptStore {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_\\-]{0,99}");

    private final Path folder;
    private final Jdbc jdbc;
    private final Clock clock;

    public PromptStore(Path folder, Supplier<DataSource> dataSource, Clock clock) {
        this.folder = folder;
        this.jdbc = new Jdbc(dataSource, "prompt store");
        this.clock = clock;
    }

    /** {@code name} at {@code version} (null: the file's current version); recorded on first use. */
    public Prompt get(String name, String version) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new RejectedInputException("prompt name '" + name + "' must be lower-case letters, digits, - and _");
        }
        Optional<Prompt> current = readFile(name);
        if (current.isPresent() && (version == null || version.equals(current.get().version()))) {
            return record(current.get());
        }
        if (version == null) {
            throw new RejectedInputException("no prompt '" + name + "': there is no " + folder.resolve(name + ".md"));
        }
        return recorded(name, version).orElseThrow(() -> new RejectedInputException("no prompt " + name + "@" + version
                + (current.isPresent() ? ": prompts/" + name + ".md is at version " + current.get().version()
                + " and Keel never recorded " + version : ": there is no " + folder.resolve(name + ".md"))));
    }

    /** Every prompt file and every recorded version, for {@code keel prompts list}. */
    public List<String> list() {
        List<String> lines = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().toList()) {
                    String name = file.getFileName().toString().replaceFirst("\\.md$", "");
                    try {
                        Prompt p = record(readFile(name).orElseThrow());
                        lines.add(p.ref() + "  sha256:" + p.sha256().substring(0, 12) + "  " + p.description());
                    } catch (RejectedInputException e) {
                        lines.add(name + "  REFUSED: " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        lines.addAll(jdbc.list("SELECT name, version, sha256 FROM keel_prompt ORDER BY name, recorded_at",
                r -> "  recorded " + r.getString(1) + "@" + r.getString(2) + "  sha256:" + r.getString(3).substring(0, 12)));
        return lines;
    }

    Optional<Prompt> readFile(String name) {
        Path file = folder.resolve(name + ".md");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = TextInput.utf8(file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(parse(name, text));
    }

    /** A prompt file's text read and checked (header, declared variables), without recording it. */
    public static Prompt parse(String name, String text) {
        String where = "prompts/" + name + ".md";
        TextInput.FrontMatter split = TextInput.frontMatter(where, text).orElseThrow(() -> new RejectedInputException(
                where + " needs a YAML header between '---' lines with version, description and variables"));
        Map<String, Object> header = split.header();
        Object version = header.get("version");
        if (version == null || String.valueOf(version).isBlank()) {
            throw new RejectedInputException(where + ": the header has no version");
        }
        Object declared = header.getOrDefault("variables", List.of());
        if (!(declared instanceof List<?> list)) {
            throw new RejectedInputException(where + ": variables must be a list of names");
        }
        List<String> variables = list.stream().map(String::valueOf).toList();
        String body = split.body().strip() + "\n";
        for (String used : Prompt.markers(body)) {
            if (!variables.contains(used)) {
                throw new RejectedInputException(where + " uses {{" + used + "}}, which its header does not declare in variables");
            }
        }
        return new Prompt(name, String.valueOf(version), String.valueOf(header.getOrDefault("description", "")), variables, body,
                TextInput.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Records a version seen for the first time; refuses one whose text changed under a recorded version. */
    private Prompt record(Prompt prompt) {
        Optional<Prompt> known = recorded(prompt.name(), prompt.version());
        if (known.isPresent()) {
            if (!known.get().sha256().equals(prompt.sha256())) {
                throw new RejectedInputException("prompts/" + prompt.name() + ".md changed but kept version " + prompt.version()
                        + " (recorded sha256:" + known.get().sha256().substring(0, 12) + ", now sha256:" + prompt.sha256().substring(0, 12)
                        + "): a version is immutable, so give the change a new version");
            }
            return known.get();
        }
        String description = prompt.description().length() > 2000 ? prompt.description().substring(0, 2000) : prompt.description();
        try {
            jdbc.update("INSERT INTO keel_prompt (name, version, sha256, description, variables, body, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    prompt.name(), prompt.version(), prompt.sha256(), description, String.join(",", prompt.variables()), prompt.body(),
                    clock.instant());
            return prompt;
        } catch (IllegalStateException e) {
            // another thread recorded it first: what it recorded decides
            return recorded(prompt.name(), prompt.version()).filter(p -> p.sha256().equals(prompt.sha256())).orElseThrow(() -> e);
        }
    }

    private Optional<Prompt> recorded(String name, String version) {
        return jdbc.first("SELECT description, variables, body, sha256 FROM keel_prompt WHERE name = ? AND version = ?", r -> {
            String vars = r.getString(2);
            return new Prompt(name, version, r.getString(1), vars.isEmpty() ? List.of() : List.of(vars.split(",")), r.getString(3),
                    r.getString(4));
        }, name, version);
    }
}
