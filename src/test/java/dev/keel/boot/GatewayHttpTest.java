package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.gateway.AgentKeys;
import dev.keel.ledger.CostLedger;
import dev.keel.router.ModelGateway;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import dev.keel.support.Wire;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agents' gateway on Keel's HTTP server, against fake providers in their wire formats: a client
 * library Keel did not write (langchain4j's OpenAI client) plain and streamed, the x-keel-* headers,
 * pinning, Retry-After, and every error an agent can get.
 */
class GatewayHttpTest {

    static FakeProvider ollama;
    static FakeProvider kimi;
    static FakeProvider claude;
    static FakeProvider flaky;
    static FakeProvider busy;
    static RunningKeel keel;
    static String agentKey;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        Path home = Files2.freshHome("gateway-http");
        ollama = FakeProvider.start().reply("/api/chat", body -> FakeProvider.streaming(body) ? Wire.ollamaStream(12, 7, "Lo", "cal")
                : FakeProvider.Reply.of(200, Wire.ollama("local answer", 12, 7)));
        kimi = FakeProvider.start().reply("/v1/chat/completions", body -> FakeProvider.streaming(body)
                ? Wire.openAiStream(100, 3, 40, "Streamed", " by", " kimi") : FakeProvider.Reply.of(200, Wire.openAi("kimi answer", 100, 20, 40)));
        claude = FakeProvider.start().answer("/v1/messages", 200, Wire.anthropic("claude answer", 30, 5, 100, 0));
        flaky = FakeProvider.start().script("/v1/chat/completions",
                FakeProvider.Reply.of(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}", "Retry-After", "1"),
                FakeProvider.Reply.of(200, Wire.openAi("after the wait", 10, 4, 0)));
        busy = FakeProvider.start().answer("/v1/chat/completions", 429, "{\"error\":{\"message\":\"Slow down\"}}", "Retry-After", "30");
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: '%s', models: [qwen], context-window: 32768, local-rate-per-hour: 0.4}
                  - {name: kimi, type: openai-compatible, tier: reasoning, base-url: '%s/v1', key-secret: moonshot-api-key,
                     models: [kimi], context-window: 200000, price: {input: 0.6, output: 2.5, cached-input: 0.15}}
                  - {name: claude, type: anthropic, tier: critical, base-url: '%s', key-secret: anthropic-api-key,
                     models: [claude], context-window: 200000, price: {input: 3, output: 15, cached-input: 0.3, cache-write: 3.75}}
                  - {name: pricey, type: openai-compatible, tier: reasoning, base-url: '%s/v1', key-secret: moonshot-api-key,
                     models: [p1], context-window: 200000, price: {input: 1000, output: 1000}, daily-budget-usd: 0.01}
                  - {name: dead, type: openai-compatible, tier: reasoning, base-url: 'http://127.0.0.1:9/v1', key-secret: moonshot-api-key,
                     models: [d1], context-window: 200000, price: {input: 1, output: 1}}
                  - {name: flaky, type: openai-compatible, tier: reasoning, base-url: '%s/v1', key-secret: moonshot-api-key,
                     models: [f1], context-window: 200000, price: {input: 1, output: 1}}
                  - {name: busy, type: openai-compatible, tier: reasoning, base-url: '%s/v1', key-secret: moonshot-api-key,
                     models: [b1], context-window: 200000, price: {input: 1, output: 1}}
                routing:
                  target-mix: {local: 80, reasoning: 15, critical: 5}
                  mix-tolerance: 100
                  fallback: [ollama, kimi, claude]
                """.formatted(ollama.url(), kimi.url(), claude.url(), kimi.url(), flaky.url(), busy.url()));
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        agentKey = AgentKeys.newKey();
        for (Map.Entry<String, String> secret : Map.of("moonshot-api-key", "sk-FAKE-moonshot-0000000000000000",
                "anthropic-api-key", "sk-ant-FAKE-anthropic-000000000000", AgentKeys.secretName("ci"), agentKey).entrySet()) {
            Path f = Files.writeString(secrets.resolve(secret.getKey()), secret.getValue());
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        keel = RunningKeel.start(home, "gateway-http", Map.of("keel.gateway.agents", "ci, other", "keel.router.retry-after-max", "3s"));
    }

    @AfterAll
    static void stop() {
        keel.close();
        List.of(ollama, kimi, claude, flaky, busy).forEach(FakeProvider::close);
    }

    static String base() {
        return "http://127.0.0.1:" + keel.httpPort() + "/v1";
    }

    static HttpResponse<String> post(String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String chat(String model, String prompt) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    static JsonNode error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("error");
    }

    static List<CostLedger.Call> ledger() {
        return keel.camel().getRegistry().lookupByNameAndType("modelGateway", ModelGateway.class).ledger().since(Instant.now().minusSeconds(300));
    }

    @Test
    void langchain4jsOpenAiClientGetsAnAnswerWithOpenAiShapedUsage() {
        OpenAiChatModel client = OpenAiChatModel.builder().baseUrl(base()).apiKey(agentKey).modelName("reasoning")
                .timeout(Duration.ofSeconds(20)).build();

        ChatResponse response = client.chat(UserMessage.from("Compare the two offers."));

        assertThat(response.aiMessage().text()).isEqualTo("kimi answer");
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(100);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(20);
        assertThat(((OpenAiTokenUsage) response.tokenUsage()).inputTokensDetails().cachedTokens()).isEqualTo(40);
        assertThat(response.metadata().modelName()).isEqualTo("kimi/kimi");
    }

    @Test
    void langchain4jsStreamingClientGetsTheTokensAsTheyComeAndTheCallIsCosted() throws Exception {
        OpenAiStreamingChatModel client = OpenAiStreamingChatModel.builder().baseUrl(base()).apiKey(agentKey).modelName("reasoning")
                .timeout(Duration.ofSeconds(20)).build();
        StringBuilder parts = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        client.chat("Stream the comparison.", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                parts.append(partial).append('|');
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(20, TimeUnit.SECONDS);

        assertThat(parts).hasToString("Streamed| by| kimi|");
        assertThat(response.aiMessage().text()).isEqualTo("Streamed by kimi");
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(100);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(3);
        CostLedger.Call call = ledger().stream().filter(c -> c.provider().equals("kimi") && c.usage().outputTokens() == 3)
                .findFirst().orElseThrow();
        assertThat(call.caller()).isEqualTo("ci");
        assertThat(call.costUsd()).isEqualTo((60 * 0.6 + 3 * 2.5 + 40 * 0.15) / 1e6);
    }

    @Test
    void anAnswerCarriesProviderCostAndRouteReasonHeaders() throws Exception {
        HttpResponse<String> response = post(chat("auto", "Tidy this list."), agentKey);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).as(response.headers().firstValue("x-keel-route-reason").orElse("")).isEqualTo("local answer");
        assertThat(body.path("usage").path("total_tokens").asLong()).isEqualTo(19);
        assertThat(response.headers().firstValue("x-keel-provider")).contains("ollama");
        assertThat(response.headers().firstValue("x-keel-route-reason")).get().asString()
                .contains("Routine work: asks only to tidy", "rule routine-edit", "so the local model fits.");
        assertThat(Double.parseDouble(response.headers().firstValue("x-keel-cost-usd").orElseThrow()))
                .as("local calls are costed by compute time").isPositive();
        assertThat(response.headers().firstValue("authorization")).isEmpty();
        // written with its length, not chunked (a String body would be)
        assertThat(response.headers().firstValue("content-length")).contains(String.valueOf(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(response.headers().firstValue("transfer-encoding")).isEmpty();
    }

    @Test
    void aTierNameOrProviderSlashModelPinsTheCall() throws Exception {
        HttpResponse<String> critical = post(chat("critical", "Tidy this list."), agentKey);
        HttpResponse<String> pinned = post(chat("kimi/kimi", "Tidy this list."), agentKey);

        assertThat(critical.headers().firstValue("x-keel-provider")).contains("claude");
        assertThat(critical.headers().firstValue("x-keel-route-reason").orElseThrow()).contains("asks for the critical tier");
        assertThat(pinned.headers().firstValue("x-keel-provider")).contains("kimi");
        assertThat(JSON.readTree(pinned.body()).path("model").asText()).isEqualTo("kimi/kimi");
    }

    @Test
    void modelsListsAutoTheTiersAndEveryProviderModel() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/models"))
                .header("Authorization", "Bearer " + agentKey).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).findValuesAsText("id")).contains("auto", "local", "reasoning", "critical", "kimi/kimi",
                "claude/claude", "ollama/qwen");
    }

    @Test
    void aMissingOrWrongKeyIs401AndNeverEchoed() throws Exception {
        HttpResponse<String> missing = post(chat("auto", "hi"), null);
        HttpResponse<String> wrong = post(chat("auto", "hi"), "sk-keel-FAKEnotakey000000000000000000000000");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(error(wrong).path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(wrong.body()).doesNotContain("FAKEnotakey");
    }

    @Test
    void malformedJsonIs400WithAnOpenAiErrorBodySayingWhere() throws Exception {
        HttpResponse<String> response = post("{\"model\": \"auto\", \"messages\": [", agentKey);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error(response).path("message").asText()).contains("could not parse the JSON", "line 1");
        assertThat(post("{\"model\":\"auto\",\"messages\":[]}", agentKey).statusCode()).isEqualTo(400);
        assertThat(error(post("{\"model\":\"auto\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", agentKey)).path("message").asText())
                .contains("tool result without tool_call_id");
    }

    @Test
    void anUnknownModelIs404() throws Exception {
        HttpResponse<String> response = post(chat("gpt-9", "hi"), agentKey);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).path("code").asText()).isEqualTo("model_not_found");
        assertThat(error(response).path("message").asText()).contains("'gpt-9' does not exist");
    }

    @Test
    void anExhaustedBudgetIs429WithTheReasonAndWhenToComeBack() throws Exception {
        HttpResponse<String> response = post(chat("pricey/p1", "Tidy this list."), agentKey);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(error(response).path("message").asText()).contains("pricey has spent $0.00 of its $0.01 daily budget");
        assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 86_400L);
    }

    @Test
    void noProviderAvailableIs503WithTheReasonPlainOrStreamed() throws Exception {
        HttpResponse<String> plain = post(chat("dead/d1", "hi"), agentKey);
        HttpResponse<String> streamed = post("{\"model\":\"dead/d1\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                agentKey);

        assertThat(plain.statusCode()).isEqualTo(503);
        assertThat(error(plain).path("message").asText()).contains("dead:");
        assertThat(streamed.statusCode()).as("nothing was streamed yet, so the error is a plain answer").isEqualTo(503);
        assertThat(streamed.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
    }

    @Test
    void aShortRetryAfterIsWaitedOutAndTheSameProviderAnswers() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = post(chat("flaky/f1", "hi"), agentKey);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("choices").get(0).path("message").path("content").asText()).isEqualTo("after the wait");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(ledger()).filteredOn(c -> c.provider().equals("flaky")).extracting(CostLedger.Call::outcome)
                .containsExactly("rate-limited", "ok");
    }

    @Test
    void aLongRetryAfterIsNotWaitedAndTheProviderIsSkippedUntilItEnds() throws Exception {
        HttpResponse<String> first = post(chat("busy/b1", "hi"), agentKey);
        int calls = busy.received().size();
        HttpResponse<String> second = post(chat("busy/b1", "hi"), agentKey);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(error(first).path("message").asText()).contains("asked to wait 30 s");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(error(second).path("message").asText()).contains("busy asked Keel to wait");
        assertThat(busy.received()).as("a cooling provider is not called").hasSize(calls);
    }

    @Test
    void theAgentKeyNeverReachesTheLog() throws Exception {
        post("{\"model\": broken", agentKey);
        post(chat("auto", "Tidy this list."), agentKey);

        Path log = Path.of("target/test-logs/keel-test.log");
        assertThat(Files.readString(log)).doesNotContain(agentKey);
    }
}
