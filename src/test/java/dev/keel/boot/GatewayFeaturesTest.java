package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.gateway.AgentKeys;
import dev.keel.ledger.CostLedger;
import dev.keel.router.ModelGateway;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import dev.keel.support.ToolWire;
import dev.keel.support.Wire;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Structured output (Ollama's format, OpenAI's response_format, a forced tool on Anthropic; the answer
 * checked against the schema, an invalid one retried once on the next provider, then a clear error),
 * reasoning passed through (Moonshot's reasoning_content, Anthropic thinking when asked) and images
 * (data URLs, http URLs fetched within a size limit, only to vision models), against fake providers.
 */
class GatewayFeaturesTest {

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"verdict\":{\"type\":\"string\",\"enum\":[\"ship\",\"hold\"]},"
            + "\"score\":{\"type\":\"integer\",\"minimum\":0}},\"required\":[\"verdict\",\"score\"]}";
    static final String VALID = "{\"verdict\":\"ship\",\"score\":9}";
    static final String INVALID = "{\"verdict\":7}";
    static final byte[] PNG = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    static FakeProvider ollama;
    static FakeProvider kimi;
    static FakeProvider claude;
    static FakeProvider images;
    static RunningKeel keel;
    static String agentKey;
    static Path home;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    static String quoted(String json) {
        return json.replace("\"", "\\\"");
    }

    @BeforeAll
    static void start() throws Exception {
        ollama = FakeProvider.start().reply("/api/chat", body -> FakeProvider.Reply.of(200, Wire.ollama(
                body.contains("BROKEN") ? quoted(INVALID) : body.contains("\"format\"") ? quoted(VALID) : "local answer", 12, 7)));
        kimi = FakeProvider.start().reply("/v1/chat/completions", body -> body.contains("THINK")
                ? FakeProvider.streaming(body) ? ToolWire.openAiReasoningStream(List.of("Weigh ", "the risk."), List.of("Ship", " it"), 30, 40)
                : FakeProvider.Reply.of(200, ToolWire.openAiReasoning("Weigh the risk.", "Ship it", 30, 40))
                : FakeProvider.Reply.of(200, Wire.openAi(body.contains("BROKEN-ALL") ? quoted(INVALID)
                        : body.contains("response_format") ? quoted(VALID) : "kimi answer", 20, 10, 0)));
        claude = FakeProvider.start().reply("/v1/messages", body -> FakeProvider.Reply.of(200, body.contains("output_format")
                || body.contains("one JSON object") ? Wire.anthropic(quoted(VALID), 30, 12, 0, 0)
                : body.contains("\"thinking\"") ? ToolWire.anthropicThinking("Check the numbers first.", "Hold", 30, 300)
                : Wire.anthropic("claude answer", 30, 5, 0, 0)));
        // Anthropic's model list (its API reference's shape) no longer has claude-retired
        claude.answer("/v1/models", 200, "{\"data\":[{\"type\":\"model\",\"id\":\"claude\",\"display_name\":\"Claude\","
                + "\"created_at\":\"2026-09-01T00:00:00Z\"}],\"has_more\":false,\"first_id\":\"claude\",\"last_id\":\"claude\"}");
        images = FakeProvider.start();
        images.serve("/cat.png", PNG, "image/png").serve("/big.png", new byte[4096], "image/png");
        Path home = Files2.freshHome("gateway-features");
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: '%s', models: [qwen], context-window: 32768,
                     local-rate-per-hour: 0.4, supports: [tools, json_schema]}
                  - {name: kimi, type: openai-compatible, tier: reasoning, base-url: '%s/v1', key-secret: moonshot-api-key,
                     models: [kimi], context-window: 200000, price: {input: 0.6, output: 2.5}, supports: [tools, vision, json_schema, reasoning]}
                  - {name: claude, type: anthropic, tier: critical, base-url: '%s', key-secret: anthropic-api-key,
                     models: [claude, claude-retired], context-window: 200000, price: {input: 3, output: 15},
                     supports: [tools, vision, json_schema, reasoning]}
                routing:
                  target-mix: {local: 80, reasoning: 15, critical: 5}
                  mix-tolerance: 100
                  fallback: [ollama, kimi, claude]
                """.formatted(ollama.url(), kimi.url(), claude.url()));
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        agentKey = AgentKeys.newKey();
        for (Map.Entry<String, String> secret : Map.of("moonshot-api-key", "sk-FAKE-moonshot-0000000000000000",
                "anthropic-api-key", "sk-ant-FAKE-anthropic-000000000000", AgentKeys.secretName("ci"), agentKey).entrySet()) {
            Path f = Files.writeString(secrets.resolve(secret.getKey()), secret.getValue());
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        GatewayFeaturesTest.home = home;
        keel = RunningKeel.start(home, "gateway-features", Map.of("keel.gateway.agents", "ci", "keel.gateway.max-image-kb", "2",
                "keel.gateway.image-fetch-private", "true"));
    }

    @AfterAll
    static void stop() {
        keel.close();
        List.of(ollama, kimi, claude, images).forEach(FakeProvider::close);
    }

    static HttpResponse<String> post(String path, JsonNode body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + keel.httpPort() + path)).header("Content-Type",
                "application/json").header("Authorization", "Bearer " + agentKey).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static ObjectNode ask(String model, String prompt) {
        ObjectNode root = JSON.createObjectNode().put("model", model);
        root.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return root;
    }

    static ObjectNode structured(String model, String prompt) throws Exception {
        ObjectNode root = ask(model, prompt);
        ObjectNode format = root.putObject("response_format").put("type", "json_schema");
        format.putObject("json_schema").put("name", "verdict").set("schema", JSON.readTree(SCHEMA));
        return root;
    }

    /** The last call the fake got (the model check's GET /v1/models may come at any time, so it does not count). */
    static JsonNode last(FakeProvider fake) throws Exception {
        List<FakeProvider.Received> calls = fake.received().stream().filter(r -> r.method().equals("POST")).toList();
        return JSON.readTree(calls.get(calls.size() - 1).body());
    }

    static String content(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("choices").get(0).path("message").path("content").asText();
    }

    static List<CostLedger.Call> ledger() {
        return keel.camel().getRegistry().lookupByNameAndType("modelGateway", ModelGateway.class).ledger().since(Instant.now().minusSeconds(600));
    }

    @Test
    void aJsonSchemaGoesToOllamaAsItsFormatAndTheValidAnswerIsReturned() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", structured("auto", "Decide on the release."));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(content(response))).isEqualTo(JSON.readTree(VALID));
        assertThat(last(ollama).path("format")).isEqualTo(JSON.readTree(SCHEMA));
    }

    @Test
    void jsonObjectAsksOllamaForJson() throws Exception {
        ObjectNode request = ask("ollama/qwen", "Give the verdict as JSON.");
        request.putObject("response_format").put("type", "json_object");

        HttpResponse<String> response = post("/v1/chat/completions", request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(last(ollama).path("format").asText()).isEqualTo("json");
    }

    @Test
    void anAnswerThatDoesNotMatchTheSchemaIsRetriedOnceOnTheNextProvider() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", structured("auto", "BROKEN: decide on the release."));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-keel-provider")).hasValue("kimi");
        assertThat(JSON.readTree(content(response))).isEqualTo(JSON.readTree(VALID));
        JsonNode sent = last(kimi).path("response_format");
        assertThat(sent.path("type").asText()).isEqualTo("json_schema");
        assertThat(sent.path("json_schema").path("schema").path("required")).isEqualTo(JSON.readTree("[\"verdict\",\"score\"]"));
        assertThat(response.headers().firstValue("x-keel-route-reason").orElseThrow()).contains("does not match");
    }

    @Test
    void theSecondTryIsAStepOfTheChatCompletionsRouteInJmx() throws Exception {
        ManagedCamelContext managed = keel.camel().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        long before = managed.getManagedProcessor("chat-completions-model-call-again").getExchangesTotal();

        HttpResponse<String> response = post("/v1/chat/completions", structured("auto", "BROKEN: decide on the release."));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (String step : List.of("chat-completions-read", "chat-completions-model-call", "chat-completions-check",
                "chat-completions-model-call-again", "chat-completions-answer")) {
            assertThat(managed.getManagedProcessor(step).getRouteId()).as(step).isEqualTo("chat-completions");
        }
        assertThat(managed.getManagedProcessor("chat-completions-model-call-again").getExchangesTotal()).isEqualTo(before + 1);
        assertThat(managed.getManagedProcessor("messages-model-call").getRouteId()).isEqualTo("messages");
    }

    @Test
    void jmxBuildsEachManagedClassInfoOnceForAllItsMBeans() throws Exception {
        var assembler = (MBeanInfoByClass) keel.camel().getCamelContextExtension().getManagementMBeanAssembler();
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        var steps = server.queryNames(new javax.management.ObjectName("org.apache.camel:context=keel,type=processors,*"), null);

        assertThat(assembler.classes()).isPositive();
        assertThat(server.queryNames(new javax.management.ObjectName("org.apache.camel:context=keel,*"), null)).hasSizeGreaterThan(
                assembler.classes());
        javax.management.ObjectName step = new javax.management.ObjectName(
                "org.apache.camel:context=keel,type=processors,name=\"chat-completions-model-call\"");
        assertThat(steps).contains(step);
        assertThat(server.getAttribute(step, "RouteId")).isEqualTo("chat-completions");
    }

    @Test
    void anAnswerInvalidTwiceIsAClearError() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", structured("auto", "BROKEN-ALL: decide."));

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_structured_output");
        assertThat(error.path("message").asText()).contains("ollama/qwen", "kimi/kimi", "verdict");
    }

    @Test
    void anthropicGetsTheSchemaAsItsOutputFormat() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", structured("claude/claude", "Decide on the release."));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode choice = JSON.readTree(response.body()).path("choices").get(0);
        assertThat(JSON.readTree(choice.path("message").path("content").asText())).isEqualTo(JSON.readTree(VALID));
        assertThat(choice.path("message").has("tool_calls")).isFalse();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        JsonNode sent = last(claude);
        assertThat(sent.path("output_format").path("type").asText()).isEqualTo("json_schema");
        assertThat(sent.path("output_format").path("schema").path("properties").path("score").path("minimum").asInt()).isZero();
        assertThat(sent.has("tools")).as("no forced tool: current Claude models refuse forced tool use").isFalse();
    }

    @Test
    void jsonObjectOnAnthropicIsAnInstructionAndTheAnswerIsChecked() throws Exception {
        ObjectNode request = ask("claude/claude", "Give the verdict.");
        request.putObject("response_format").put("type", "json_object");

        HttpResponse<String> response = post("/v1/chat/completions", request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(last(claude).path("system").toString()).contains("one JSON object");
        assertThat(JSON.readTree(content(response))).isEqualTo(JSON.readTree(VALID));
    }

    @Test
    void aStreamedStructuredAnswerIsCheckedThenSent() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", structured("auto", "Decide on the release.").put("stream", true));

        assertThat(response.statusCode()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        for (String event : response.body().split("\n\n")) {
            if (event.startsWith("data: {")) {
                text.append(JSON.readTree(event.substring(6)).path("choices").path(0).path("delta").path("content").asText(""));
            }
        }
        assertThat(JSON.readTree(text.toString())).isEqualTo(JSON.readTree(VALID));
    }

    @Test
    void kimisReasoningContentIsPassedThroughAndCostedAsOutput() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", ask("kimi/kimi", "THINK about shipping."));

        JsonNode message = JSON.readTree(response.body()).path("choices").get(0).path("message");
        assertThat(message.path("reasoning_content").asText()).isEqualTo("Weigh the risk.");
        assertThat(message.path("content").asText()).isEqualTo("Ship it");
        assertThat(JSON.readTree(response.body()).path("usage").path("completion_tokens").asInt()).isEqualTo(40);
        assertThat(ledger()).anyMatch(c -> c.provider().equals("kimi") && c.usage().outputTokens() == 40);
    }

    @Test
    void kimisReasoningIsStreamedAsReasoningContentDeltas() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", ask("kimi/kimi", "THINK about shipping.").put("stream", true));

        StringBuilder reasoning = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (String event : response.body().split("\n\n")) {
            if (event.startsWith("data: {")) {
                JsonNode delta = JSON.readTree(event.substring(6)).path("choices").path(0).path("delta");
                reasoning.append(delta.path("reasoning_content").asText(""));
                text.append(delta.path("content").asText(""));
            }
        }
        assertThat(reasoning.toString()).isEqualTo("Weigh the risk.");
        assertThat(text.toString()).isEqualTo("Ship it");
    }

    @Test
    void anthropicThinkingIsAskedForWhenTheAgentAsksAndComesBack() throws Exception {
        ObjectNode request = ask("claude/claude", "Should we hold?");
        request.putObject("thinking").put("type", "enabled").put("budget_tokens", 2048);

        HttpResponse<String> response = post("/v1/chat/completions", request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode sent = last(claude);
        assertThat(sent.path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);
        assertThat(sent.path("max_tokens").asInt()).isGreaterThan(2048);
        JsonNode message = JSON.readTree(response.body()).path("choices").get(0).path("message");
        assertThat(message.path("reasoning_content").asText()).isEqualTo("Check the numbers first.");
        assertThat(message.path("content").asText()).isEqualTo("Hold");
    }

    @Test
    void thinkingComesBackAsAThinkingBlockOnTheMessagesApi() throws Exception {
        ObjectNode request = ask("claude/claude", "Should we hold?").put("max_tokens", 4096);
        request.putObject("thinking").put("type", "enabled").put("budget_tokens", 2048);

        HttpResponse<String> response = post("/v1/messages", request);

        JsonNode content = JSON.readTree(response.body()).path("content");
        assertThat(content.get(0).path("type").asText()).isEqualTo("thinking");
        assertThat(content.get(0).path("thinking").asText()).isEqualTo("Check the numbers first.");
        assertThat(content.get(1).path("text").asText()).isEqualTo("Hold");
    }

    static ObjectNode withImage(String model, String url) {
        ObjectNode root = JSON.createObjectNode().put("model", model);
        var parts = root.putArray("messages").addObject().put("role", "user").putArray("content");
        parts.addObject().put("type", "text").put("text", "What is in this picture?");
        parts.addObject().put("type", "image_url").putObject("image_url").put("url", url);
        return root;
    }

    @Test
    void anImageGoesToAVisionModelAndOllamaIsPassedOverWithTheReason() throws Exception {
        String data = "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG);
        HttpResponse<String> response = post("/v1/chat/completions", withImage("auto", data));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-keel-provider")).hasValue("kimi");
        assertThat(response.headers().firstValue("x-keel-route-reason").orElseThrow()).contains("ollama has no model configured for vision");
        JsonNode part = last(kimi).path("messages").get(0).path("content").get(1);
        assertThat(part.path("image_url").path("url").asText()).isEqualTo(data);
    }

    @Test
    void anHttpImageIsFetchedAndSentToAnthropicAsBase64() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", withImage("claude/claude", images.url() + "/cat.png"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode source = last(claude).path("messages").get(0).path("content").get(1).path("source");
        assertThat(source.path("type").asText()).isEqualTo("base64");
        assertThat(source.path("media_type").asText()).isEqualTo("image/png");
        assertThat(Base64.getDecoder().decode(source.path("data").asText())).isEqualTo(PNG);
    }

    @Test
    void anImageOverTheLimitIs413() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", withImage("claude/claude", images.url() + "/big.png"));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("keel.gateway.max-image-kb");
    }

    @Test
    void anImageForAModelWithoutVisionIs400NamingTheModelsThatCanTakeIt() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", withImage("ollama/qwen", images.url() + "/cat.png"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                .contains("ollama/qwen cannot take images", "kimi/kimi", "claude/claude");
    }

    @Test
    void aModelTheProviderNoLongerListsIsFlaggedInRouterMdAndSkipped() throws Exception {
        Path router = home.resolve("ops/configs/ROUTER.md");
        assertThat(Files2.await(() -> {
            try {
                return Files.isRegularFile(router) && Files.readString(router).contains("Provider model lists");
            } catch (java.io.IOException e) {
                return false;
            }
        }, java.time.Duration.ofSeconds(20))).isTrue();
        assertThat(Files.readString(router)).contains("**claude/claude-retired**: claude no longer lists it")
                .doesNotContain("**claude/claude**").contains("| claude/claude | yes | yes | yes | yes | – |");

        HttpResponse<String> response = post("/v1/chat/completions", ask("claude/claude-retired", "hi"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("claude no longer lists claude-retired");
        assertThat(claude.received()).noneMatch(r -> r.body().contains("\"claude-retired\""));
    }
}
