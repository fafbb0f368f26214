package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.KeelProcess;
import dev.keel.support.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash safety of the content pipeline, shown on a real process: Keel runs as its own JVM, is killed
 * with SIGKILL in the middle of a batch, and started again. Every task must end exactly once, none may
 * be lost, and no task whose output was written before the kill may reach the model again.
 */
class ContentCrashTest {

    static final int TASKS = 240;
    static final int WORKERS = 4;
    static final Pattern TASK = Pattern.compile("Task (t\\d+)");

    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    FakeProvider ollama;
    Process keel;

    @AfterEach
    void stop() throws Exception {
        if (keel != null && keel.isAlive()) {
            keel.destroyForcibly().waitFor();
        }
        if (ollama != null) {
            ollama.close();
        }
    }

    @Test
    void killedMidBatchAndRestartedEveryTaskEndsOnceAndNothingIsPaidTwice() throws Exception {
        Path home = Files2.freshHome("content-crash");
        ObjectMapper json = new ObjectMapper();
        ollama = FakeProvider.start().reply("/api/chat", body -> {
            try {
                String prompt = json.readTree(body).path("messages").get(0).path("content").asText();
                Matcher m = TASK.matcher(prompt);
                String task = m.find() ? m.group(1) : "?";
                calls.computeIfAbsent(task, t -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(15); // a model takes its time: the kill lands while calls are in flight
                String answer = "# Article " + task + "\\n\\n" + "Words about the task at hand and what it needs. ".repeat(8);
                return FakeProvider.Reply.of(200, Wire.ollama(answer, 30, 60));
            } catch (Exception e) {
                return FakeProvider.Reply.of(500, "{\"error\":\"" + e.getMessage() + "\"}");
            }
        });
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: '%s', models: [qwen], context-window: 32768}
                routing:
                  target-mix: {local: 100, reasoning: 0, critical: 0}
                  fallback: [ollama]
                """.formatted(ollama.url()));
        String tasks = IntStream.range(0, TASKS).mapToObj(i -> "  - {id: t" + i + ", inline: \"Task t" + i + ": write it.\"}")
                .collect(Collectors.joining("\n"));
        Path inbox = Files.createDirectories(home.resolve("inbox/content"));
        Files.writeString(inbox.resolve(".crash.yaml"), "id: crash\ndefaults: {tier: local, template: none}\ntasks:\n" + tasks + "\n");
        Files.move(inbox.resolve(".crash.yaml"), inbox.resolve("crash.yaml"));
        Path out = home.resolve("outbox/content/crash");

        keel = start(home, "first");
        assertThat(Files2.await(() -> outputs(out).size() >= TASKS / 4, Duration.ofSeconds(90))).as("the first run makes progress").isTrue();
        keel.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush
        Map<String, String> before = new HashMap<>();
        for (String name : outputs(out)) {
            before.put(name, Files.readString(out.resolve(name)));
        }
        Map<String, Integer> callsAtKill = snapshot();
        assertThat(before.size()).as("killed mid-batch").isLessThan(TASKS);

        keel = start(home, "second");
        assertThat(Files2.await(() -> Files.exists(out.resolve("REPORT.md")), Duration.ofSeconds(120))).as("the batch finishes").isTrue();
        keel.destroy();
        keel.waitFor();

        List<String> outputs = outputs(out);
        assertThat(outputs).as("every task ends, once").hasSize(TASKS)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, TASKS).mapToObj(i -> "t" + i + ".md").toList());
        assertThat(out.resolve("rejected")).doesNotExist();
        for (Map.Entry<String, String> done : before.entrySet()) {
            String task = done.getKey().replace(".md", "");
            assertThat(Files.readString(out.resolve(done.getKey()))).as(task + " was not written again").isEqualTo(done.getValue());
            assertThat(calls.get(task).get()).as(task + " was done before the kill: its model call is not repeated").isEqualTo(1);
        }
        List<String> twice = new ArrayList<>();
        calls.forEach((task, n) -> {
            assertThat(n.get()).as(task).isBetween(1, 2);
            if (n.get() == 2) {
                twice.add(task);
            }
        });
        assertThat(calls).hasSize(TASKS);
        // only calls in flight at the kill (answered or not, but not yet written) are made again
        assertThat(twice).as("called again: only what was in flight when Keel was killed").hasSizeLessThanOrEqualTo(WORKERS)
                .allSatisfy(task -> {
                    assertThat(callsAtKill).as(task + " was called before the kill").containsEntry(task, 1);
                    assertThat(before).as(task + " had no output at the kill").doesNotContainKey(task + ".md");
                });
        String report = Files.readString(out.resolve("REPORT.md"));
        assertThat(report).contains("| in the batch | " + TASKS + " |", "| done | " + TASKS + " |", "| rejected | 0 |");
        assertThat(Files2.listAll(home.resolve("archive/content"))).anyMatch(f -> f.endsWith("crash.yaml"));
        assertThat(home.resolve("inbox/content/.error")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(Files2.listAll(p)).isEmpty());
    }

    private Map<String, Integer> snapshot() {
        Map<String, Integer> copy = new HashMap<>();
        calls.forEach((task, n) -> copy.put(task, n.get()));
        return copy;
    }

    private static List<String> outputs(Path folder) {
        return Files2.names(folder, "t\\d+\\.md");
    }

    /** Keel as its own process, on the test class path, with its log in the home folder. */
    private static Process start(Path home, String name) throws Exception {
        return KeelProcess.start(home, name, Map.of("keel.content.workers", String.valueOf(WORKERS), "keel.content.window", "8",
                "keel.content.progress-interval", "1s"));
    }
}
