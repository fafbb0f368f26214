package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.gateway.AgentKeys;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.KeelNode;
import dev.keel.support.Postgres;
import dev.keel.support.Wire;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Two Keel JVMs on one PostgreSQL schema, the agents' gateway called at a fixed rate split across them:
 * a provider's RPM and daily budget hold for the sum, a 429 with Retry-After seen by one node cools the
 * provider on both, a webhook accepted by one node is refused as a replay by the other, and each node's
 * health lists both. Without the shared limits each number here would double.
 */
@EnabledIfEnvironmentVariable(named = "KEEL_TEST_PG_URL", matches = "jdbc:postgresql:.+")
class ClusterGatewayTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String WEBHOOK_SECRET = "whsec-FAKE-cluster-only-0001";
    /** What one call to {@code paid} costs: (50 in + 7 out) tokens x $100 per million. */
    static final double PAID_CALL_USD = 57 * 100 / 1_000_000.0;
    static final double BUDGET_USD = 0.05;

    static FakeProvider paced;
    static FakeProvider paid;
    static FakeProvider cool;
    static FakeProvider spare;
    static KeelNode nodeA;
    static KeelNode nodeB;
    static String agentKey;

    @BeforeAll
    static void start() throws Exception {
        paced = FakeProvider.start().answer("/v1/chat/completions", 200, Wire.openAi("paced answer", 20, 5, 0));
        paid = FakeProvider.start().answer("/v1/messages", 200, Wire.anthropic("paid answer", 50, 7, 0, 0));
        cool = FakeProvider.start().answer("/v1/chat/completions", 429,
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}", "Retry-After", "120");
        spare = FakeProvider.start().answer("/v1/chat/completions", 200, Wire.openAi("spare answer", 20, 5, 0));
        agentKey = AgentKeys.newKey();
        Map<String, String> settings = new HashMap<>(Postgres.freshSchema());
        settings.putAll(Map.of("keel.gateway.agents", "ci", "keel.webhooks.sources", "ci", "keel.cluster.heartbeat", "1s",
                "keel.cluster.stale-after", "5s", "keel.storage.min-age", "0s"));
        nodeA = node("cluster-gw-a", "node-a", settings);
        nodeB = node("cluster-gw-b", "node-b", settings);
        assertThat(nodeA.awaitUp(Duration.ofSeconds(120))).as("node a up (see %s)", nodeA.home().resolve("keel.out")).isTrue();
        assertThat(nodeB.awaitUp(Duration.ofSeconds(120))).as("node b up (see %s)", nodeB.home().resolve("keel.out")).isTrue();
    }

    static KeelNode node(String name, String id, Map<String, String> shared) throws Exception {
        Path home = Files2.freshHome(name);
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: paced, type: openai-compatible, tier: reasoning, base-url: '%s/v1', key-secret: paced-key, models: [paced-model],
                     context-window: 100000, price: {input: 0.1, output: 0.1}, rpm: 12}
                  - {name: paid, type: anthropic, tier: critical, base-url: '%s', key-secret: paid-key, models: [paid-model],
                     context-window: 100000, price: {input: 100, output: 100}, daily-budget-usd: %s}
                  - {name: cool, type: openai-compatible, tier: reasoning, base-url: '%s/v1', key-secret: cool-key, models: [cool-model],
                     context-window: 100000, price: {input: 0.1, output: 0.1}}
                  - {name: spare, type: openai-compatible, tier: reasoning, base-url: '%s/v1', key-secret: spare-key, models: [spare-model],
                     context-window: 100000, price: {input: 0.1, output: 0.1}}
                routing:
                  target-mix: {local: 0, reasoning: 50, critical: 50}
                  mix-tolerance: 100
                  fallback: [spare]
                """.formatted(paced.url(), paid.url(), BUDGET_USD, cool.url(), spare.url()));
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        Map<String, String> values = new HashMap<>(Map.of("paced-key", "sk-FAKE-paced-000000000000", "paid-key", "FAKE-paid-key-0000000000",
                "cool-key", "sk-FAKE-cool-000000000000", "spare-key", "sk-FAKE-spare-000000000000", AgentKeys.secretName("ci"), agentKey,
                "webhook-ci", WEBHOOK_SECRET));
        for (Map.Entry<String, String> secret : values.entrySet()) {
            Path f = Files.writeString(secrets.resolve(secret.getKey()), secret.getValue());
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        Map<String, String> settings = new HashMap<>(shared);
        settings.put("keel.node.id", id);
        return KeelNode.start(home, settings);
    }

    @AfterAll
    static void stop() throws Exception {
        for (KeelNode node : new KeelNode[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
        List.of(paced, paid, cool, spare).forEach(FakeProvider::close);
    }

    static HttpResponse<String> chat(KeelNode node, String model) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.base() + "/v1/chat/completions")).header("Authorization", "Bearer " + agentKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code calls} calls to {@code model}, alternating nodes, one thread per node, about {@code perSecond} calls a second in all. */
    static List<HttpResponse<String>> atFixedRate(String model, int calls, int perSecond) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                KeelNode node = i % 2 == 0 ? nodeA : nodeB;
                sent.add(pool.submit(() -> chat(node, model)));
                Thread.sleep(1000 / perSecond);
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> f : sent) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The RPM window is the clock minute: start a burst early in one, so it does not straddle two. */
    static void earlyInAMinute() throws InterruptedException {
        int second = LocalTime.now(ZoneOffset.UTC).getSecond();
        if (second > 40) {
            Thread.sleep((61 - second) * 1000L);
        }
    }

    @Test
    void theRpmHoldsForBothNodesTogether() throws Exception {
        earlyInAMinute();

        List<HttpResponse<String>> answers = atFixedRate("paced-model", 30, 10);

        // each node alone would let 12 through (its own throttle): 24 in all without the shared window
        assertThat(paced.received()).hasSize(12);
        assertThat(answers).filteredOn(a -> a.statusCode() == 200).hasSize(12).allMatch(a -> a.body().contains("paced answer"));
        // a pinned model does not fall back: the others are refused, saying why
        assertThat(answers).filteredOn(a -> a.statusCode() != 200).hasSize(18)
                .allMatch(a -> a.body().contains("made its 12 calls of this minute across the cluster"));
    }

    @Test
    void theDailyBudgetHoldsForBothNodesTogetherWithinTheCallsInFlight() throws Exception {
        List<HttpResponse<String>> answers = atFixedRate("paid-model", 40, 10);

        double spent = paid.received().size() * PAID_CALL_USD;
        // bound: overshot by at most what the calls in flight (one per node here) spend beyond their estimates
        assertThat(spent).isLessThanOrEqualTo(BUDGET_USD + 2 * PAID_CALL_USD);
        assertThat(spent).isGreaterThan(BUDGET_USD - 2 * PAID_CALL_USD);
        assertThat(answers.stream().filter(a -> a.body().contains("paid answer")).count()).isEqualTo(paid.received().size());
    }

    @Test
    void a429WithRetryAfterOnOneNodeCoolsTheProviderOnBoth() throws Exception {
        HttpResponse<String> first = chat(nodeA, "cool-model");
        assertThat(first.body()).contains("HTTP 429", "asked to wait 120 s");
        assertThat(cool.received()).hasSize(1);
        Thread.sleep(1000); // past the other node's half-second view of the cluster (the reservation refuses at once anyway)

        for (int i = 0; i < 5; i++) {
            assertThat(chat(nodeB, "cool-model").body()).containsPattern("cool(s down| asked Keel to wait)");
        }
        assertThat(cool.received()).as("node b passed over the provider node a saw cooling").hasSize(1);
    }

    @Test
    void aWebhookReplayedToTheOtherNodeIsRefused() throws Exception {
        long now = Instant.now().getEpochSecond();
        String body = "[{\"id\":\"r\",\"updated_at\":\"2026-01-01\"}]";
        String signature = WebhooksTest.sign(WEBHOOK_SECRET, now, "data/r.json", body);

        assertThat(webhook(nodeA, body, now, signature).statusCode()).isEqualTo(202);
        HttpResponse<String> replay = webhook(nodeB, body, now, signature);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("replayed").doesNotContain(WEBHOOK_SECRET);
    }

    @Test
    void eachNodesHealthShowsItsIdAndBothNodes() throws Exception {
        Thread.sleep(1500);
        assertThat(nodeA.health()).contains("this node: node-a; nodes: node-a (alive), node-b (alive)");
        assertThat(nodeB.health()).contains("this node: node-b; nodes: node-b (alive), node-a (alive)");
    }

    static HttpResponse<String> webhook(KeelNode node, String body, long timestamp, String signature) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.base() + "/hooks/data?name=r.json")).header("X-Keel-Source", "ci")
                .header("X-Keel-Timestamp", String.valueOf(timestamp)).header("X-Keel-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
