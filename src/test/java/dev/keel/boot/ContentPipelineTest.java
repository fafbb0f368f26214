package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.content.ContentWorker;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import dev.keel.support.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The content pipeline end to end: batch files dropped in inbox/content, the real routes, the router
 * and provider calls against fakes speaking Ollama's and OpenAI's wire formats.
 */
class ContentPipelineTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static FakeProvider ollama;
    static FakeProvider kimi;
    static RunningKeel keel;
    static Path home;

    /** A Markdown article that passes the QA gate: one H1, enough words, two linked sources. */
    static String article(String title) {
        return "# " + title + "\n\n" + "Keel runs content batches through a router that picks a tier for every task. ".repeat(6)
                + "\n\n## Sources\n\n- https://example.org/keel\n- [Camel](https://camel.apache.org)\n";
    }

    static String prompt(String body) throws Exception {
        JsonNode request = JSON.readTree(body);
        return request.path("messages").get(0).path("content").asText();
    }

    static String escaped(String text) throws Exception {
        String quoted = JSON.writeValueAsString(text);
        return quoted.substring(1, quoted.length() - 1);
    }

    @BeforeAll
    static void start() throws Exception {
        home = Files2.freshHome("content");
        ollama = FakeProvider.start().reply("/api/chat", body -> {
            try {
                String p = prompt(body);
                String answer = p.contains("REFUSE") || p.contains("ALWAYSBAD") ? "I'm sorry, but I cannot help with that request."
                        : article("Local " + p.lines().findFirst().orElse("").replaceAll("[^A-Za-z ]", "").strip());
                return FakeProvider.Reply.of(200, Wire.ollama(escaped(answer), 40, 90));
            } catch (Exception e) {
                return FakeProvider.Reply.of(400, "{\"error\":\"" + e.getMessage() + "\"}");
            }
        });
        kimi = FakeProvider.start().reply("/v1/chat/completions", body -> {
            try {
                String p = prompt(body);
                String answer = p.contains("ALWAYSBAD") ? "As an AI language model I cannot write this." : article("Kimi answer");
                return FakeProvider.Reply.of(200, Wire.openAi(escaped(answer), 100, 200, 0));
            } catch (Exception e) {
                return FakeProvider.Reply.of(400, "{\"error\":{\"message\":\"" + e.getMessage() + "\"}}");
            }
        });
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: '%s', models: [qwen], context-window: 32768, local-rate-per-hour: 0}
                  - {name: kimi, type: openai-compatible, tier: reasoning, base-url: '%s/v1', key-secret: moonshot-api-key,
                     models: [kimi], context-window: 200000, price: {input: 0.6, output: 2.5}, daily-budget-usd: 5}
                routing:
                  target-mix: {local: 100, reasoning: 0, critical: 0}
                  fallback: [ollama, kimi]
                """.formatted(ollama.url(), kimi.url()));
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        Path key = Files.writeString(secrets.resolve("moonshot-api-key"), "sk-FAKE-moonshot-0000000000");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path prompts = Files.createDirectories(home.resolve("prompts"));
        Files.writeString(prompts.resolve("brief.md"), """
                ---
                version: 2
                description: A brief
                variables: [product, audience]
                ---
                Write a brief about {{product}} for {{audience}}.
                """);
        Files.createDirectories(home.resolve("templates/content"));
        Files.copy(Path.of("templates/content/article.md"), home.resolve("templates/content/article.md"));
        keel = RunningKeel.start(home, "content", Map.of("keel.content.workers", "2", "keel.content.window", "4",
                "keel.content.retry-delay", "1s", "keel.content.max-file-mb", "1", "keel.content.progress-interval", "1s"));
    }

    @AfterAll
    static void stop() {
        keel.close();
        ollama.close();
        kimi.close();
    }

    private static Path drop(String name, String text) throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox/content"));
        Path hidden = Files.writeString(inbox.resolve("." + name), text);
        return Files.move(hidden, inbox.resolve(name));
    }

    private static Path drop(String name, byte[] bytes) throws Exception {
        Path inbox = Files.createDirectories(home.resolve("inbox/content"));
        Path hidden = Files.write(inbox.resolve("." + name), bytes);
        return Files.move(hidden, inbox.resolve(name));
    }

    private static boolean await(Path p) throws InterruptedException {
        return Files2.await(() -> Files.exists(p), Duration.ofSeconds(60));
    }

    private static List<String> prompts(FakeProvider provider) {
        return provider.received().stream().map(r -> {
            try {
                return prompt(r.body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void aBatchRunsItsTasksThroughTheRouterTheGateAndTheSafetyPolicyIntoTheOutbox() throws Exception {
        drop("launch.yaml", """
                id: launch
                defaults: {variables: {audience: ops teams}, template: article}
                tasks:
                  - {id: keel-brief, title: Keel brief, prompt: brief, variables: {product: Keel}, tier: local}
                  - {id: escalated, inline: "Write about REFUSE handling.", tier: local}
                  - {id: private, inline: "Summarise the ticket from ann.smith@example.org about IBAN DE89370400440532013000.", tier: reasoning}
                  - {id: hopeless, inline: "ALWAYSBAD topic", tier: local}
                  - {id: unknown-prompt, prompt: nosuch}
                  - {id: nightly, inline: "Night digest for {{audience}}.", when: night, tier: local}
                """);
        Path out = home.resolve("outbox/content/launch");
        assertThat(await(out.resolve("REPORT.md"))).isTrue();

        String brief = Files.readString(out.resolve("keel-brief.md"));
        assertThat(brief).startsWith("---\n").contains("title: Keel brief", "batch: launch", "task: keel-brief", "provider: ollama",
                "model: qwen", "tier: local", "prompt: brief@2", "template: article", "input-sha256: ", "qa: passed",
                "route-reason: ", "cost-usd: ", "sources:", "- https://example.org/keel", "# Local Write a brief about Keel for ops teams");
        assertThat(brief).containsPattern("tokens:\\n  input: 40\\n  output: 90");

        String escalated = Files.readString(out.resolve("escalated.md"));
        assertThat(escalated).contains("provider: kimi", "tier: reasoning", "escalated: \"local output failed (", "refusal: boilerplate",
                "sent once to the reasoning tier", "qa: passed", "# Kimi answer");
        assertThat(escalated).as("both calls are paid for: the local one costs nothing, kimi 100 in + 200 out")
                .contains("cost-usd: 0.000560").containsPattern("tokens:\\n  input: 140\\n  output: 290");

        String kimiPrivate = prompts(kimi).stream().filter(p -> p.contains("Summarise the ticket")).findFirst().orElseThrow();
        assertThat(kimiPrivate).as("PII is redacted before the cloud call").doesNotContain("ann.smith@example.org", "DE89370400440532013000")
                .contains("[EMAIL-1]", "[IBAN-1]");
        assertThat(out.resolve("private.md")).content().contains("redacted 1 email, 1 IBAN before the cloud call")
                .doesNotContain("ann.smith@example.org");

        Path hopeless = out.resolve("rejected/hopeless.md");
        assertThat(hopeless).content().contains("rejected: ", "refusal: boilerplate 'As an AI language model'", "escalated: \"local output failed");
        assertThat(out.resolve("hopeless.md")).doesNotExist();
        assertThat(out.resolve("rejected/unknown-prompt.md")).content().contains("rejected: \"refused at intake: no prompt 'nosuch'");

        assertThat(out.resolve("nightly.md")).as("night tasks wait for the night run").doesNotExist();
        assertThat(prompts(ollama)).noneMatch(p -> p.contains("Night digest"));

        String report = Files.readString(out.resolve("REPORT.md"));
        assertThat(report).contains("| in the batch | 6 |", "| done | 3 |", "| rejected | 2 |", "| escalated to the next tier | 2 |",
                "| waiting for the night run | 1 |", "| hopeless |", "| unknown-prompt | refused at intake: no prompt 'nosuch'",
                "redacted 1 email, 1 IBAN before the cloud call", "| reasoning | kimi | kimi |", "| local | ollama | qwen |");
        assertThat(Files2.await(() -> Files2.listAll(home.resolve("archive/content")).stream().anyMatch(f -> f.endsWith("launch.yaml")),
                Duration.ofSeconds(15))).isTrue();

        // the night run's drain-deferred step releases the night task
        int released = keel.camel().getRegistry().lookupByNameAndType("contentWorker", ContentWorker.class).releaseNight();
        assertThat(released).isEqualTo(1);
        assertThat(await(out.resolve("nightly.md"))).isTrue();
        assertThat(out.resolve("nightly.md")).content().contains("# Local Night digest for ops teams");
        assertThat(Files2.await(() -> {
            try {
                return Files.readString(out.resolve("REPORT.md")).contains("| done | 4 |");
            } catch (java.io.IOException e) {
                return false;
            }
        }, Duration.ofSeconds(30))).as("the report is written again when the night task ends").isTrue();

        // the same batch again (a new file name, one task changed): what is done is recognised, only the change runs
        int ollamaCalls = ollama.received().size();
        int kimiCalls = kimi.received().size();
        Files.delete(out.resolve("REPORT.md"));
        drop("launch-again.yaml", Files.readString(home.resolve("archive/content").resolve(Files2.listAll(home.resolve("archive/content"))
                .stream().filter(f -> f.endsWith("launch.yaml")).findFirst().orElseThrow())).replace("product: Keel", "product: Keel 2"));
        assertThat(await(out.resolve("REPORT.md"))).isTrue();
        assertThat(prompts(ollama).subList(ollamaCalls, ollama.received().size())).singleElement().asString()
                .contains("Write a brief about Keel 2");
        assertThat(kimi.received()).hasSize(kimiCalls);
        assertThat(out.resolve("keel-brief.md")).content().contains("# Local Write a brief about Keel  for ops teams");

        for (String file : Files2.listAll(home)) {
            if (!file.startsWith("secrets/") && !file.startsWith("data/")) {
                assertThat(Files.readString(home.resolve(file), java.nio.charset.StandardCharsets.ISO_8859_1)).as(file)
                        .doesNotContain("sk-FAKE-moonshot-0000000000");
            }
        }
    }

    @Test
    void badBatchesLandInErrorWithTheirReasonAndTheRuntimeGoesOn() throws Exception {
        Map<String, String> bad = Map.of(
                "malformed.yaml", "id: m\ntasks: [\n",
                "dupes.json", "{\"id\":\"d\",\"tasks\":[{\"id\":\"a\",\"inline\":\"x\"},{\"id\":\"a\",\"inline\":\"y\"}]}",
                "empty.yaml", "   \n",
                "no-tasks.yaml", "id: n\ntasks: []\n",
                "escape.yaml", "id: e\ntasks:\n  - {id: a, inline: x, output: ../../etc/passwd}\n",
                "absolute.yaml", "id: e\ntasks:\n  - {id: a, inline: x, output: /etc/passwd}\n");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            drop(e.getKey(), e.getValue());
        }
        drop("blob.json", new byte[] {'{', 0, 1, 2, (byte) 0xff});
        drop("huge.yaml", ("id: h\ntasks:\n" + "  - {id: t, inline: x}\n".repeat(60_000)).getBytes());
        Path errors = home.resolve("inbox/content/.error");
        Map<String, String> reasons = Map.of(
                "malformed.yaml", "malformed.yaml is malformed at line",
                "dupes.json", "dupes.json repeats task ids [a]",
                "empty.yaml", "empty.yaml is empty",
                "no-tasks.yaml", "does not follow the batch schema: tasks",
                "escape.yaml", "tasks[0].output",
                "absolute.yaml", "tasks[0].output",
                "blob.json", "blob.json is ",
                "huge.yaml", "over the limit of 1 MB (keel.content.max-file-mb)");
        for (Map.Entry<String, String> e : reasons.entrySet()) {
            Path reason = errors.resolve(e.getKey() + ".error.txt");
            assertThat(await(reason)).as(e.getKey()).isTrue();
            assertThat(reason).as(e.getKey()).content().contains(e.getValue());
            assertThat(await(errors.resolve(e.getKey()))).as("the input is kept beside its reason").isTrue();
        }
        assertThat(home.resolve("outbox/content/e")).doesNotExist();

        drop("after.md", "---\ntitle: After the bad ones\ntier: local\ntemplate: article\n---\nWrite about recovery.\n");
        assertThat(await(home.resolve("outbox/content/after/after.md"))).as("the runtime goes on").isTrue();
    }
}
