package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.db.Jdbc;
import dev.keel.db.KeelDatabase;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.KeelProcess;
import dev.keel.support.Postgres;
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
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Three Keel JVMs on one PostgreSQL and one work folder run a 3,000-task batch; one is killed with
 * SIGKILL midway and started again. Every task's output is there once, the only calls made twice are
 * those in flight on the killed node, and every answered call has its ledger row. Each prompt carries
 * its task's number, which the fake model reports back as the prompt's token count, so the ledger's
 * rows are matched to tasks one to one.
 */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+",
        disabledReason = "KEEL_TEST_PG_URL is not set: the three-node test needs a PostgreSQL server (see .ci/run)")
class ClusterContentTest {

    static final int TASKS = 3000;
    static final int WORKERS = 4;
    static final Pattern TASK = Pattern.compile("Task t(\\d+)");

    final Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<Process> nodes = new ArrayList<>();
    FakeProvider ollama;

    @AfterEach
    void stop() throws Exception {
        for (Process node : nodes) {
            if (node.isAlive()) {
                node.destroyForcibly().waitFor();
            }
        }
        if (ollama != null) {
            ollama.close();
        }
    }

    @Test
    void threeNodesOneKilledEveryTaskOnceAndEveryAnsweredCallInTheLedger() throws Exception {
        Path home = Files2.freshHome("cluster-content");
        ObjectMapper json = new ObjectMapper();
        ollama = FakeProvider.start().reply("/api/chat", body -> {
            try {
                Matcher m = TASK.matcher(json.readTree(body).path("messages").get(0).path("content").asText());
                int task = m.find() ? Integer.parseInt(m.group(1)) : -1;
                calls.computeIfAbsent(task, t -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(10); // a model takes its time: the kill lands while calls are in flight
                return FakeProvider.Reply.of(200, Wire.ollama("# Article " + task + "\\n\\n"
                        + "Words about the task at hand and what it needs. ".repeat(8),
                        task + 1, 40));
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
        Map<String, String> settings = new HashMap<>(Postgres.freshSchema());
        settings.putAll(Map.of("keel.content.workers", String.valueOf(WORKERS), "keel.content.window", "8",
                "keel.content.progress-interval", "1s", "keel.node.lease", "8s"));
        // the first node makes the schema (Flyway), then the others join it
        nodes.add(node(home, settings, 1, "first"));
        assertThat(KeelProcess.awaitReady(home, "n1-first", Duration.ofSeconds(120))).as("node 1 starts").isTrue();
        nodes.add(node(home, settings, 2, "first"));
        nodes.add(node(home, settings, 3, "first"));
        for (int n = 2; n <= 3; n++) {
            assertThat(KeelProcess.awaitReady(home, "n" + n + "-first", Duration.ofSeconds(120))).as("node " + n + " starts").isTrue();
        }

        String tasks = IntStream.range(0, TASKS).mapToObj(i -> "  - {id: t" + i + ", inline: \"Task t" + i + ": write it.\"}")
                .collect(Collectors.joining("\n"));
        Path inbox = Files.createDirectories(home.resolve("inbox/content"));
        Files.writeString(inbox.resolve(".cluster.yaml"), "id: cluster\ndefaults: {tier: local, template: none}\ntasks:\n" + tasks + "\n");
        Files.move(inbox.resolve(".cluster.yaml"), inbox.resolve("cluster.yaml"));
        Path out = home.resolve("outbox/content/cluster");

        assertThat(Files2.await(() -> outputs(out).size() >= TASKS / 3, Duration.ofSeconds(180))).as("the batch makes progress").isTrue();
        nodes.get(1).destroyForcibly().waitFor(); // SIGKILL node 2 while its calls are in flight
        Map<Integer, Integer> callsAtKill = new HashMap<>();
        calls.forEach((task, count) -> callsAtKill.put(task, count.get()));
        nodes.set(1, node(home, settings, 2, "again"));

        assertThat(Files2.await(() -> Files.exists(out.resolve("REPORT.md")) && outputs(out).size() == TASKS, Duration.ofSeconds(300)))
                .as("the batch finishes").isTrue();
        Map<Integer, Integer> rows = ledgerRowsByTask(home, settings);
        nodes.forEach(Process::destroy);

        assertThat(outputs(out)).as("every task's output, once").hasSize(TASKS);
        assertThat(out.resolve("rejected")).doesNotExist();
        assertThat(calls).as("every task called").hasSize(TASKS);
        List<Integer> twice = calls.entrySet().stream().filter(e -> e.getValue().get() > 1).map(Map.Entry::getKey).toList();
        // only tasks in flight on the killed node are called again: at most its workers, each called before the kill
        assertThat(twice).as("called twice").hasSizeLessThanOrEqualTo(WORKERS)
                .allSatisfy(task -> assertThat(callsAtKill).containsEntry(task, 1));
        assertThat(calls.values()).allSatisfy(n -> assertThat(n.get()).isBetween(1, 2));
        // every answered call has its row; the calls without one are those the killed node got no answer back for
        int answered = calls.values().stream().mapToInt(AtomicInteger::get).sum();
        int recorded = rows.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(rows).as("a ledger row for every task").hasSize(TASKS);
        assertThat(answered - recorded).as("calls with no row: in flight on the killed node").isBetween(0, WORKERS);
        rows.forEach((task, n) -> assertThat(n).as("rows of t" + task).isLessThanOrEqualTo(calls.get(task).get()));
        assertThat(Files.readString(out.resolve("REPORT.md"))).contains("| done | " + TASKS + " |", "| rejected | 0 |");
    }

    private static Process node(Path home, Map<String, String> settings, int n, String run) throws Exception {
        Map<String, String> mine = new HashMap<>(settings);
        mine.put("keel.node.id", "n" + n);
        return KeelProcess.start(home, "n" + n + "-" + run, mine);
    }

    /** Ledger rows of the batch's calls per task number (the prompt tokens the fake reported, minus one). */
    private static Map<Integer, Integer> ledgerRowsByTask(Path home, Map<String, String> settings) {
        Map<String, String> db = new HashMap<>(settings);
        db.put("keel.home", home.toString());
        Map<Integer, Integer> rows = new HashMap<>();
        try (KeelDatabase database = KeelDatabase.open(KeelSettings.of(db))) {
            new Jdbc(database::dataSource, "test").list("SELECT input_tokens FROM keel_model_call WHERE caller = 'content/cluster'"
                    + " AND outcome = 'ok'", r -> rows.merge((int) r.getLong(1) - 1, 1, Integer::sum));
        }
        return rows;
    }

    private static List<String> outputs(Path folder) {
        return Files2.names(folder, "t\\d+\\.md");
    }
}
