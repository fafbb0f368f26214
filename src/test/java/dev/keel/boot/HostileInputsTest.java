package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keel.db.KeelDatabase;
import dev.keel.storage.ErrorSidecar;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import dev.keel.support.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile-input corpus (src/test/resources/hostile/intake, one case per file, listed in its README)
 * dropped into the real inboxes of a running Keel: each case must end in .error with its reason, and
 * nothing it points at or holds may reach the outbox, the archive, a model or the database.
 */
class HostileInputsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String OUTSIDE_MARK = "OUTSIDE-THE-INBOX-7f3a";
    static FakeProvider ollama;
    static RunningKeel keel;
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        home = Files2.freshHome("hostile");
        ollama = FakeProvider.start().answer("/api/chat", 200, Wire.ollama("# Answer\\n\\nText.", 10, 10));
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: '%s', models: [qwen], context-window: 32768, local-rate-per-hour: 0}
                routing:
                  target-mix: {local: 100, reasoning: 0, critical: 0}
                  fallback: [ollama]
                """.formatted(ollama.url()));
        Files.createDirectories(home.resolve("prompts"));
        Files.createDirectories(home.resolve("templates/content"));
        Files.copy(Path.of("templates/content/article.md"), home.resolve("templates/content/article.md"));
        Path outside = Files.createDirectories(home.resolve("outside"));
        Files.writeString(outside.resolve("legal-outside.md"), "# Outside\n\n" + OUTSIDE_MARK + "\n");
        Files.writeString(outside.resolve("records.json"), "[{\"id\": \"" + OUTSIDE_MARK + "\", \"value\": 1}]");
        Files.writeString(outside.resolve("batch.yaml"), "id: outside\ntasks:\n  - {id: t, inline: \"" + OUTSIDE_MARK + "\"}\n");
        keel = RunningKeel.start(home, "hostile", Map.of());
    }

    @AfterAll
    static void stop() {
        keel.close();
        ollama.close();
    }

    @TestFactory
    Stream<DynamicTest> everyCaseOfTheCorpusIsRefusedWithItsReason() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/hostile/intake"))) {
            cases = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(10);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> run(YAML.readTree(withFakeKeys(Files.readString(c))))));
    }

    /**
     * The corpus names its keys by placeholder: a key-shaped string is made here, at run time, so none is
     * committed (secret scanners would flag it, and it must still look real to Keel's own scanner).
     */
    private static String withFakeKeys(String corpusCase) {
        return corpusCase.replace("{{fake-anthropic-key}}", "sk-ant-api03-" + "FAKE".repeat(21))
                .replace("{{fake-groq-key}}", "gsk_" + "FAKE".repeat(13));
    }

    private static void run(JsonNode c) throws Exception {
        String workflow = c.path("inbox").asText();
        String name = c.path("name").asText();
        Path inbox = Files.createDirectories(home.resolve("inbox").resolve(workflow));
        if (c.has("link-to")) {
            Files.createSymbolicLink(inbox.resolve(name), Path.of(c.path("link-to").asText()));
        } else {
            Path hidden = Files.writeString(inbox.resolve(".drop-" + workflow), c.path("content").asText());
            Files.move(hidden, inbox.resolve(name));
        }

        if (c.path("expect-quarantined").asBoolean()) {
            String kept = "-" + workflow + "-" + name;
            assertThat(Files2.await(() -> Files2.listAll(home.resolve("quarantine")).stream().anyMatch(f -> f.endsWith(kept)),
                    Duration.ofSeconds(30))).as("%s is kept in quarantine/ (%s)", name, c.path("proves").asText()).isTrue();
            assertThat(textUnder(home.resolve("archive"))).doesNotContain(c.path("secret").asText());
            return;
        }
        Path errors = inbox.resolve(".error");
        String fileLine = "file: " + ErrorSidecar.printable(name);
        assertThat(Files2.await(() -> sidecarOf(errors, fileLine).isPresent(), Duration.ofSeconds(30)))
                .as("%s ends in %s with a reason file (%s)", name, errors, c.path("proves").asText()).isTrue();
        List<String> sidecar = Files.readAllLines(sidecarOf(errors, fileLine).orElseThrow());
        assertThat(sidecar).filteredOn(l -> l.startsWith("reason: ")).singleElement().asString().contains(c.path("expect-error").asText());
        // the reason is written before the file leaves the inbox (nothing goes before its outcome is written)
        assertThat(Files2.await(() -> !Files.exists(inbox.resolve(name), LinkOption.NOFOLLOW_LINKS), Duration.ofSeconds(30)))
                .as("%s has left the inbox", name).isTrue();

        assertThat(textUnder(home.resolve("outbox"))).doesNotContain(OUTSIDE_MARK, "root:x:0:0");
        assertThat(textUnder(home.resolve("archive"))).doesNotContain(OUTSIDE_MARK, "root:x:0:0");
        assertThat(database()).doesNotContain(OUTSIDE_MARK);
        assertThat(ollama.received()).noneMatch(r -> r.body().contains(OUTSIDE_MARK));
        if (c.has("secret")) {
            String secret = c.path("secret").asText();
            assertThat(ollama.received()).as("no model saw the key").noneMatch(r -> r.body().contains(secret));
            assertThat(database()).as("the database holds no trace of the key").doesNotContain(secret);
            assertThat(textUnder(home.resolve("archive"))).doesNotContain(secret);
            assertThat(textUnder(home.resolve("outbox"))).doesNotContain(secret);
            assertThat(textUnder(home.resolve("ops"))).doesNotContain(secret);
            assertThat(String.join("\n", sidecar)).doesNotContain(secret);
        }
    }

    private static Optional<Path> sidecarOf(Path errors, String fileLine) {
        if (!Files.isDirectory(errors)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(errors)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".error.txt")).filter(p -> {
                try {
                    return Files.readAllLines(p).contains(fileLine);
                } catch (IOException e) {
                    return false;
                }
            }).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Every regular file's text below {@code root} (links are not followed: a link is not content Keel wrote). */
    private static String textUnder(Path root) {
        StringBuilder all = new StringBuilder();
        for (String file : Files2.listAll(root)) {
            Path p = root.resolve(file);
            try {
                if (!Files.isSymbolicLink(p)) {
                    all.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }

    /** The whole database as H2's SCRIPT writes it: every row of every table. */
    private static String database() throws Exception {
        KeelDatabase database = keel.camel().getRegistry().lookupByNameAndType("keelDatabase", KeelDatabase.class);
        List<String> lines = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SCRIPT")) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        }
        return String.join("\n", lines);
    }
}
