package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.Keel;
import dev.keel.db.KeelDatabase;
import dev.keel.night.NightSteps;
import dev.keel.storage.StorageLayout;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import dev.keel.support.Wire;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Learning from outcomes end to end: a batch routed by content against fakes in Ollama's and OpenAI's
 * wire formats, where the local model's outputs fail QA for tasks of one routing rule; the night
 * step's ROUTING_REVIEW.md names that rule with its counts and costs, and `keel route tune` proposes
 * and then applies the change to routing.yaml.
 */
class RoutingReviewTest {

    private static final String DB = "jdbc:h2:mem:routing-review;DB_CLOSE_DELAY=-1";

    @Test
    void localQaFailuresOfOneRuleAreReviewedAndTuneProposesTheChange() throws Exception {
        Path home = Files2.freshHome("routing-review");
        try (FakeProvider ollama = FakeProvider.start().reply("/api/chat", body -> {
            // every caption the local model writes is a refusal, which the QA gate fails
            String answer = body.contains("caption") ? "I'm sorry, but I cannot help with that request." : ContentPipelineTest.article("Local");
            return FakeProvider.Reply.of(200, Wire.ollama(escaped(answer), 40, 90));
        }); FakeProvider kimi = FakeProvider.start().reply("/v1/chat/completions",
                body -> FakeProvider.Reply.of(200, Wire.openAi(escaped(ContentPipelineTest.article("Kimi")), 100, 200, 0)))) {
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
            Files.createDirectories(home.resolve("templates/content"));
            Files.copy(Path.of("templates/content/article.md"), home.resolve("templates/content/article.md"));
            String tasks = IntStream.rangeClosed(1, 4).mapToObj(i -> "  - {id: caption-" + i + ", inline: \"Write a caption for photo " + i
                    + " of the river clean-up.\"}\n").collect(Collectors.joining())
                    + IntStream.rangeClosed(1, 3).mapToObj(i -> "  - {id: fact-" + i + ", inline: \"How many days are in month " + i
                    + " of a leap year?\"}\n").collect(Collectors.joining());
            try (RunningKeel keel = RunningKeel.start(home, "routing-review", Map.of("keel.db.url", DB, "keel.content.workers", "2"))) {
                Path inbox = Files.createDirectories(home.resolve("inbox/content"));
                Files.move(Files.writeString(inbox.resolve(".week.yaml"), "id: week\ndefaults: {template: article}\ntasks:\n" + tasks),
                        inbox.resolve("week.yaml"));
                assertThat(Files2.await(() -> Files.exists(home.resolve("outbox/content/week/REPORT.md")), Duration.ofSeconds(60))).isTrue();

                KeelSettings settings = KeelRuntime.settings(home, Map.of(), properties());
                try (KeelDatabase database = KeelDatabase.open(settings)) {
                    NightSteps.routingReview(StorageLayout.from(settings), database::dataSource, Clock.systemUTC());
                }
            }
            String review = Files.readString(home.resolve("ops/health/ROUTING_REVIEW.md"));
            assertThat(review).contains("| routine-copy | 4 | 4 | 4 | 100% | 4 | $0.0022 |", "| no-evidence | 3 | 3 | 0 | 0% | 3 | $0.00 |",
                    "| reasoning | $0.00056 |", "| local | $0.00 |",
                    "tasks routed by rule routine-copy failed QA locally 100% of the time (4 of 4)",
                    "give rule routine-copy `floor: reasoning` in routing.yaml");
            assertThat(review).doesNotContain("rule no-evidence failed");

            String shown = tune(home);
            assertThat(shown).contains("suggestion: tasks routed by rule routine-copy", "+++ routing.yaml (proposed)", "+- id: routine-copy",
                    "+  floor: reasoning", "not written: run again with --apply");
            assertThat(home.resolve("routing.yaml")).doesNotExist();

            Files.writeString(home.resolve("routing.yaml"), "# ours\nthresholds: {critical: 3.5}\n");
            String applied = tune(home, "--apply");
            assertThat(applied).contains("-thresholds: {critical: 3.5}", "kept the old file as", "wrote ");
            assertThat(home.resolve("routing.yaml")).content().startsWith("# ours\n").contains("critical: 3.5", "id: routine-copy",
                    "floor: reasoning");
            assertThat(Files.list(home).map(p -> p.getFileName().toString())).anyMatch(n -> n.matches("routing\\.yaml\\.\\d{8}-\\d{6}\\.old"));
            assertThat(dev.keel.router.classify.RoutingRules.load(home.resolve("routing.yaml")).rule("routine-copy").floor())
                    .isEqualTo(dev.keel.router.Tier.REASONING);
        }
    }

    private static Properties properties() {
        Properties p = new Properties();
        p.setProperty("keel.db.url", DB);
        return p;
    }

    private static String tune(Path home, String... more) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String before = System.getProperty("keel.db.url");
        System.setProperty("keel.db.url", DB);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] args = new String[3 + more.length];
            args[0] = "--home";
            args[1] = home.toString();
            args[2] = "route";
            String[] all = new String[args.length + 1];
            System.arraycopy(args, 0, all, 0, 3);
            all[3] = "tune";
            System.arraycopy(more, 0, all, 4, more.length);
            assertThat(new CommandLine(new Keel()).execute(all)).isZero();
        } finally {
            System.setOut(original);
            if (before == null) {
                System.clearProperty("keel.db.url");
            } else {
                System.setProperty("keel.db.url", before);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String escaped(String text) {
        try {
            return ContentPipelineTest.escaped(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
