package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.db.Jdbc;
import dev.keel.db.KeelDatabase;
import dev.keel.support.Files2;
import dev.keel.support.KeelNode;
import dev.keel.support.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Three Keel JVMs on one PostgreSQL with the night run on a cron every 3 s: each firing runs on one node
 * only (Quartz's clustered job store), and firings go on after the node that ran them is killed (SIGKILL).
 */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+")
class ClusterNightTest {

    static final Duration EVERY = Duration.ofSeconds(3);

    @Test
    void theNightRunFiresOncePerFiringAcrossThreeNodesAndAgainAfterItsNodeIsKilled() throws Exception {
        Map<String, String> settings = new HashMap<>(Postgres.freshSchema());
        settings.put("keel.night.cron", "0/3 * * * * ?");
        // on this shared machine the guard reads CRITICAL: the run should not wait for it here; and no start-up catch-up
        settings.put("keel.night.critical-wait", "0s");
        settings.put("keel.night.catch-up-delay", "1h");
        List<KeelNode> nodes = new ArrayList<>();
        Instant firstSlot = Instant.now();
        Map<String, String> database = new HashMap<>(settings);
        try {
            for (String id : List.of("night-a", "night-b", "night-c")) {
                Path home = Files2.freshHome("cluster-" + id);
                // no model to bench: a provider nobody listens on, refused at once
                Files.writeString(home.resolve("providers.yaml"), """
                        providers:
                          - {name: ollama, type: ollama, tier: local, base-url: 'http://127.0.0.1:9', models: [qwen], context-window: 32768}
                        routing:
                          target-mix: {local: 100, reasoning: 0, critical: 0}
                        """);
                Map<String, String> node = new HashMap<>(settings);
                node.put("keel.node.id", id);
                nodes.add(KeelNode.start(home, node));
            }
            for (KeelNode node : nodes) {
                assertThat(node.awaitUp(Duration.ofSeconds(180))).as("%s up", node.home()).isTrue();
            }
            database.put("keel.home", nodes.get(0).home().toString());
            try (KeelDatabase db = KeelDatabase.open(KeelSettings.of(database))) {
                Jdbc jdbc = new Jdbc(db::dataSource, "test");
                List<Instant> before = awaitRuns(jdbc, 3, Duration.ofSeconds(60));
                assertOncePerFiring(before, firstSlot);

                KeelNode ran = nodes.stream().filter(n -> Files.exists(n.home().resolve("ops/logs/NIGHT_RUN.md"))).findFirst().orElseThrow();
                ran.kill();
                Instant killed = Instant.now();
                nodes.remove(ran);

                List<Instant> after = awaitRuns(jdbc, before.size() + 3, Duration.ofSeconds(90));
                assertOncePerFiring(after, firstSlot);
                assertThat(after).as("runs after the kill").anyMatch(t -> t.isAfter(killed));
                assertThat(nodes).as("a surviving node ran it").anyMatch(n -> Files.exists(n.home().resolve("ops/logs/NIGHT_RUN.md")));
            }
        } finally {
            for (KeelNode node : nodes) {
                node.close();
            }
        }
    }

    /** Every run's start, oldest first, once at least {@code count} are in. */
    static List<Instant> awaitRuns(Jdbc jdbc, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Instant> runs = List.of();
        while (System.nanoTime() < deadline) {
            runs = jdbc.list("SELECT started_at FROM keel_night_run WHERE run_trigger = 'cron' ORDER BY started_at",
                    r -> r.getObject(1, OffsetDateTime.class).toInstant());
            if (runs.size() >= count) {
                return runs;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("only " + runs.size() + " night runs in " + timeout.toSeconds() + " s, wanted " + count);
    }

    /**
     * At most one run per firing: no more runs than cron slots since the trigger could first exist. Three nodes each
     * firing would make three per slot. (Gaps between runs prove nothing here: on a loaded machine Quartz fires the
     * slots it was late for one after another.)
     */
    static void assertOncePerFiring(List<Instant> runs, Instant firstSlot) {
        long slots = Duration.between(firstSlot, Instant.now()).toMillis() / EVERY.toMillis() + 1;
        assertThat((long) runs.size()).as("runs %s in %d slots", runs, slots).isLessThanOrEqualTo(slots);
    }
}
