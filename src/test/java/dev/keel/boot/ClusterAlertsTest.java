package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.keel.support.Files2;
import dev.keel.support.KeelNode;
import dev.keel.support.Postgres;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Two Keel JVMs on one PostgreSQL, alerts every second, a disk-low rule that holds on every work folder of both nodes:
 * the webhook receives one fire per node and folder (the subject names the node), not one per evaluating node.
 */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+")
class ClusterAlertsTest {

    @Test
    void aNodeLocalAlertFiresOnceAcrossTheClusterAndNamesItsNode() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/", exchange -> {
            JsonNode body = new ObjectMapper().readTree(exchange.getRequestBody());
            received.add(body.path("event").asText() + " " + body.path("alert").path("rule").asText() + " "
                    + body.path("alert").path("subject").asText());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.start();
        Map<String, String> settings = new HashMap<>(Postgres.freshSchema());
        settings.put("keel.alerts.interval", "1s");
        settings.put("keel.night.catch-up-delay", "1h");
        List<KeelNode> nodes = new ArrayList<>();
        try {
            for (String id : List.of("alert-a", "alert-b")) {
                Path home = Files2.freshHome("cluster-" + id);
                Files.writeString(home.resolve("providers.yaml"), """
                        providers:
                          - {name: ollama, type: ollama, tier: local, base-url: 'http://127.0.0.1:9', models: [qwen], context-window: 32768}
                        routing:
                          target-mix: {local: 100, reasoning: 0, critical: 0}
                        """);
                Files.createDirectories(home.resolve("ops/configs"));
                // every disk has less than 100 % free: the rule holds on each node's folders from the first round
                Files.writeString(home.resolve("ops/configs/alerts.yaml"), """
                        default-sinks: [hook]
                        sinks:
                          hook: {type: webhook, url: 'http://127.0.0.1:PORT/alerts'}
                        rules:
                          disk-low: {for: 0s, repeat: 0s, free-percent: 100}
                        """.replace("PORT", String.valueOf(sink.getAddress().getPort())));
                Map<String, String> node = new HashMap<>(settings);
                node.put("keel.node.id", id);
                nodes.add(KeelNode.start(home, node));
            }
            for (KeelNode node : nodes) {
                assertThat(node.awaitUp(Duration.ofSeconds(180))).as("%s up", node.home()).isTrue();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !(diskLow(received, "alert-a:inbox") && diskLow(received, "alert-b:inbox"))) {
                Thread.sleep(250);
            }
            assertThat(diskLow(received, "alert-a:inbox") && diskLow(received, "alert-b:inbox")).as("received %s", received).isTrue();
            Thread.sleep(5_000); // five more rounds on each node
            List<String> fires = received.stream().filter(r -> r.startsWith("fire disk-low ")).toList();
            assertThat(fires).as("one fire per node and folder").doesNotHaveDuplicates()
                    .anyMatch(f -> f.endsWith(" alert-a:outbox")).anyMatch(f -> f.endsWith(" alert-b:outbox"))
                    .allMatch(f -> f.matches("fire disk-low alert-[ab]:[a-z-]+"));
        } finally {
            for (KeelNode node : nodes) {
                node.close();
            }
            sink.stop(0);
        }
    }

    private static boolean diskLow(List<String> received, String subject) {
        return received.contains("fire disk-low " + subject);
    }
}
