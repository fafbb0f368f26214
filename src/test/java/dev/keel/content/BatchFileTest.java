package dev.keel.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.boot.KeelSettings;
import dev.keel.db.KeelDatabase;
import dev.keel.router.Tier;
import dev.keel.storage.RejectedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches in YAML, JSON and as Markdown briefs: the schema, defaults, and every bad input the issue names. */
class BatchFileTest {

    @TempDir
    Path home;

    KeelDatabase db;
    BatchFile batches;

    @BeforeEach
    void open() throws Exception {
        db = KeelDatabase.open(KeelSettings.of(Map.of("keel.home", home.toString(), "keel.db.url", "jdbc:h2:file:./data/keel",
                "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD")));
        Path prompts = Files.createDirectories(home.resolve("prompts"));
        Files.writeString(prompts.resolve("brief.md"), PromptStoreTest.BRIEF_V1);
        batches = new BatchFile(new PromptStore(prompts, db::dataSource, Clock.systemUTC()),
                new ContentTemplates(home.resolve("templates/content"), null), 4096);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private BatchFile.Batch read(String name, String text) {
        return batches.read(name, text.getBytes(StandardCharsets.UTF_8));
    }

    static final String LAUNCH = """
            id: launch-week
            defaults:
              priority: P1
              sources: 2
              variables: {audience: ops teams}
            tasks:
              - id: keel-brief
                prompt: brief@1
                variables: {product: Keel}
              - id: faq
                inline: "List five questions {{audience}} ask about backups."
                tier: reasoning
                priority: P0
                when: night
                output: faq/backups.md
            """;

    @Test
    void aYamlBatchAppliesItsDefaultsToEachTask() {
        BatchFile.Batch batch = read("launch.yaml", LAUNCH);

        assertThat(batch.id()).isEqualTo("launch-week");
        assertThat(batch.refused()).isEmpty();
        assertThat(batch.tasks()).containsExactly(
                new ContentTask("launch-week", "keel-brief", "keel-brief", "brief@1", null, Map.of("audience", "ops teams", "product", "Keel"),
                        null, null, 1, false, 2, "keel-brief.md", null),
                new ContentTask("launch-week", "faq", "faq", null, "List five questions {{audience}} ask about backups.",
                        Map.of("audience", "ops teams"), null, Tier.REASONING, 0, true, 2, "faq/backups.md", null));
    }

    @Test
    void theSameBatchAsJsonReadsTheSameAndMalformedJsonSaysWhere() {
        BatchFile.Batch json = read("launch.json", "{\"id\":\"launch-week\",\"tasks\":[{\"id\":\"a\",\"inline\":\"Say hi.\"}]}");

        assertThat(json.tasks()).singleElement().extracting(ContentTask::inline).isEqualTo("Say hi.");
        assertThatThrownBy(() -> read("broken.json", "{\"id\": \"x\",\n \"tasks\": [}")).isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("broken.json is malformed at line 2, column");
    }

    @Test
    void schemaViolationsAreNamedWithTheirPlace() {
        assertThatThrownBy(() -> read("bad.yaml", "id: b\ntasks:\n  - {id: a, inline: x, priority: P9}\n"))
                .hasMessageContaining("does not follow the batch schema").hasMessageContaining("tasks[0].priority");
        assertThatThrownBy(() -> read("empty-list.yaml", "id: b\ntasks: []\n")).hasMessageContaining("tasks");
        assertThatThrownBy(() -> read("nothing.yaml", "  \n")).hasMessage("nothing.yaml is empty: a batch needs an id and at least one task");
        assertThatThrownBy(() -> read("both.yaml", "id: b\ntasks:\n  - {id: a}\n")).hasMessageContaining("needs a prompt (name or name@version)");
    }

    @Test
    void outputNamesThatLeaveTheBatchFolderAreRefused() {
        for (String output : new String[] {"../escape.md", "/etc/passwd", "a/../../b.md"}) {
            assertThatThrownBy(() -> read("out.yaml", "id: b\ntasks:\n  - {id: a, inline: x, output: '" + output + "'}\n"))
                    .as(output).hasMessageContaining("tasks[0].output");
        }
    }

    @Test
    void repeatedTaskIdsRefuseTheWholeBatch() {
        assertThatThrownBy(() -> read("dup.yaml", "id: b\ntasks:\n  - {id: a, inline: x}\n  - {id: a, inline: y}\n"))
                .hasMessage("dup.yaml repeats task ids [a]: each task needs its own id");
    }

    @Test
    void aTaskWithAnUnknownPromptOrAMissingVariableIsRefusedAloneAndTheRestGoesOn() {
        BatchFile.Batch batch = read("mixed.yaml", """
                id: mixed
                tasks:
                  - {id: good, prompt: brief, variables: {product: Keel, audience: ops}}
                  - {id: unknown, prompt: nosuch}
                  - {id: old, prompt: brief@7, variables: {product: Keel, audience: ops}}
                  - {id: short, prompt: brief@1, variables: {product: Keel}}
                  - {id: inline, inline: "Hello {{name}}"}
                """);

        assertThat(batch.tasks()).extracting(ContentTask::id).containsExactly("good");
        assertThat(batch.refused()).containsExactly(
                "unknown: no prompt 'nosuch': there is no " + home.resolve("prompts/nosuch.md"),
                "old: no prompt brief@7: prompts/brief.md is at version 1 and Keel never recorded 7",
                "short: prompt brief@1 needs audience; the task gives product",
                "inline: prompt inline@652b7c016734 needs name; the task gives no variables");
    }

    @Test
    void binaryAndOversizedFilesAreRefusedBeforeParsing() {
        assertThatThrownBy(() -> batches.read("blob.yaml", new byte[] {'i', 'd', 0, 1})).hasMessage("blob.yaml is binary, not text");
        assertThatThrownBy(() -> batches.read("huge.yaml", new byte[8 * 1024 * 1024])).hasMessageContaining("over the limit of");
    }

    @Test
    void aMarkdownBriefIsAOneTaskBatchWithItsFrontMatterAsSettings() {
        BatchFile.Batch batch = read("Market Scan.md", """
                ---
                title: Market scan
                tier: critical
                sources: 3
                ---
                Scan the market for agent ops tools and compare them.
                """);

        assertThat(batch.id()).isEqualTo("market-scan");
        assertThat(batch.tasks()).singleElement().satisfies(t -> {
            assertThat(t.title()).isEqualTo("Market scan");
            assertThat(t.tier()).isEqualTo(Tier.CRITICAL);
            assertThat(t.sources()).isEqualTo(3);
            assertThat(t.inline()).isEqualTo("Scan the market for agent ops tools and compare them.");
        });
    }

    @Test
    void aBatchWhoseTasksKeyAppearsTwiceIsRefusedWithTheKeyAndLine() {
        assertThatThrownBy(() -> read("dup.yaml", dev.keel.support.Hostile.text("duplicate-key.yaml")))
                .hasMessageStartingWith("dup.yaml is malformed at line 5").hasMessageContaining("Duplicate field 'tasks'");
    }

    @Test
    void aBatchNestedOverAThousandDeepIsRefusedAsTooDeep() {
        assertThatThrownBy(() -> read("deep.json", "{\"id\": \"d\", \"tasks\": " + "[".repeat(1500) + "]".repeat(1500) + "}"))
                .hasMessage("deep.json is malformed: nested deeper than 100 levels");
    }
}
