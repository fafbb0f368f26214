package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.support.AgentProviders;
import dev.keel.support.FakeProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tool calling through {@code POST /v1/chat/completions} to each provider in its own format: the
 * agent's tools and tool_choice as Ollama, OpenAI-compatible and Anthropic requests, the tool calls
 * back in OpenAI's shape (plain and as streamed deltas with the arguments exact), the tool result sent
 * on as each provider's tool message, and every turn in the ledger with its tool calls.
 */
class GatewayToolsTest {

    static AgentProviders keel;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        keel = AgentProviders.start("gateway-tools");
    }

    @AfterAll
    static void stop() {
        keel.close();
    }

    static ObjectNode weatherRequest(String model) {
        ObjectNode root = JSON.createObjectNode().put("model", model);
        root.putArray("messages").addObject().put("role", "user").put("content", "What is the weather in Paris?");
        ArrayNode tools = root.putArray("tools");
        ObjectNode f = tools.addObject().put("type", "function").putObject("function").put("name", AgentProviders.TOOL)
                .put("description", "Current weather for a city");
        ObjectNode params = f.putObject("parameters").put("type", "object");
        params.putObject("properties").putObject("city").put("type", "string").put("description", "City name");
        params.putArray("required").add("city");
        ObjectNode other = tools.addObject().put("type", "function").putObject("function").put("name", "get_time");
        other.putObject("parameters").put("type", "object").putObject("properties").putObject("zone").put("type", "string")
                .put("pattern", "^[A-Z]");
        return root;
    }

    static HttpResponse<String> post(JsonNode body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(keel.base() + "/v1/chat/completions")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + keel.agentKey).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<JsonNode> events(String body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            if (event.startsWith("data: ") && !event.equals("data: [DONE]")) {
                out.add(JSON.readTree(event.substring(6)));
            }
        }
        return out;
    }

    /** The last call the fake got; a model-list GET from Keel's model check does not count. */
    static JsonNode lastRequest(FakeProvider fake) throws Exception {
        List<FakeProvider.Received> calls = fake.received().stream().filter(r -> r.method().equals("POST")).toList();
        return JSON.readTree(calls.get(calls.size() - 1).body());
    }

    /** Turn 2: the conversation with the assistant's tool call and the tool's result. */
    static ObjectNode withResult(ObjectNode request, JsonNode call) {
        ArrayNode messages = (ArrayNode) request.get("messages");
        ObjectNode assistant = messages.addObject().put("role", "assistant").putNull("content");
        assistant.putArray("tool_calls").add(call);
        messages.addObject().put("role", "tool").put("tool_call_id", call.path("id").asText()).put("content", "{\"celsius\": 21}");
        return request;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ollama/qwen", "kimi/kimi", "claude/claude"})
    void aTwoTurnToolLoopRunsThroughEachProvider(String model) throws Exception {
        String provider = model.substring(0, model.indexOf('/'));
        HttpResponse<String> first = post(weatherRequest(model));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode choice = JSON.readTree(first.body()).path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertThat(call.path("id").asText()).isNotBlank();
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("name").asText()).isEqualTo(AgentProviders.TOOL);
        assertThat(JSON.readTree(call.path("function").path("arguments").asText())).isEqualTo(JSON.readTree(AgentProviders.ARGS));
        JsonNode sent = lastRequest(keel.fake(provider));
        JsonNode tool = provider.equals("claude") ? sent.path("tools").get(0).path("input_schema")
                : sent.path("tools").get(0).path("function").path("parameters");
        assertThat(tool.path("properties").path("city").path("description").asText()).isEqualTo("City name");
        assertThat(tool.path("required").get(0).asText()).isEqualTo("city");
        JsonNode rich = provider.equals("claude") ? sent.path("tools").get(1).path("input_schema")
                : sent.path("tools").get(1).path("function").path("parameters");
        assertThat(rich.path("properties").path("zone").path("pattern").asText()).as("keywords langchain4j has no element for")
                .isEqualTo("^[A-Z]");

        HttpResponse<String> second = post(withResult(weatherRequest(model), call));

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(second.body()).path("choices").get(0);
        assertThat(answer.path("message").path("content").asText()).isEqualTo("Sunny in Paris");
        assertThat(answer.path("finish_reason").asText()).isEqualTo("stop");
        JsonNode result = lastRequest(keel.fake(provider));
        switch (provider) {
            case "claude" -> {
                JsonNode blocks = result.path("messages").get(2).path("content");
                assertThat(blocks.get(0).path("type").asText()).isEqualTo("tool_result");
                assertThat(blocks.get(0).path("tool_use_id").asText()).isEqualTo(call.path("id").asText());
                assertThat(result.path("messages").get(1).path("content").get(0).path("type").asText()).isEqualTo("tool_use");
            }
            case "kimi" -> {
                assertThat(result.path("messages").get(2).path("role").asText()).isEqualTo("tool");
                assertThat(result.path("messages").get(2).path("tool_call_id").asText()).isEqualTo(call.path("id").asText());
            }
            default -> {
                assertThat(result.path("messages").get(2).path("role").asText()).isEqualTo("tool");
                assertThat(result.path("messages").get(2).path("content").asText()).contains("21");
                assertThat(result.path("messages").get(1).path("tool_calls").get(0).path("function").path("arguments").path("city")
                        .asText()).isEqualTo("Paris");
            }
        }
        assertThat(keel.ledger()).filteredOn(c -> c.provider().equals(provider) && c.toolCalls() == 1).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ollama/qwen", "kimi/kimi", "claude/claude"})
    void streamedToolCallsArriveAsOpenAiDeltasWithTheArgumentsExact(String model) throws Exception {
        ObjectNode request = weatherRequest(model).put("stream", true);
        request.putObject("stream_options").put("include_usage", true);

        HttpResponse<String> response = post(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        StringBuilder arguments = new StringBuilder();
        JsonNode first = null;
        String finish = null;
        for (JsonNode chunk : events(response.body())) {
            JsonNode c = chunk.path("choices").path(0);
            for (JsonNode call : c.path("delta").path("tool_calls")) {
                assertThat(call.path("index").asInt()).isZero();
                first = first == null ? call : first;
                arguments.append(call.path("function").path("arguments").asText());
            }
            if (c.hasNonNull("finish_reason")) {
                finish = c.get("finish_reason").asText();
            }
        }
        assertThat(first.path("id").asText()).isNotBlank();
        assertThat(first.path("type").asText()).isEqualTo("function");
        assertThat(first.path("function").path("name").asText()).isEqualTo(AgentProviders.TOOL);
        if (model.startsWith("ollama")) {
            assertThat(JSON.readTree(arguments.toString())).as("Ollama sends the call whole").isEqualTo(JSON.readTree(AgentProviders.ARGS));
        } else {
            assertThat(arguments.toString()).as("the fragments as the provider sent them").isEqualTo(AgentProviders.ARGS);
        }
        assertThat(finish).isEqualTo("tool_calls");

        ObjectNode call = JSON.createObjectNode().put("id", first.path("id").asText()).put("type", "function");
        call.putObject("function").put("name", AgentProviders.TOOL).put("arguments", arguments.toString());
        HttpResponse<String> second = post(withResult(weatherRequest(model).put("stream", true), call));

        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : events(second.body())) {
            text.append(chunk.path("choices").path(0).path("delta").path("content").asText(""));
        }
        assertThat(text.toString()).isEqualTo("Sunny in Paris");
    }

    @Test
    void aNamedToolChoiceForcesThatToolAndParallelCallsCanBeTurnedOff() throws Exception {
        ObjectNode request = weatherRequest("claude/claude").put("parallel_tool_calls", false);
        request.putObject("tool_choice").put("type", "function").putObject("function").put("name", AgentProviders.TOOL);
        assertThat(post(request).statusCode()).isEqualTo(200);
        JsonNode claude = lastRequest(keel.claude);
        assertThat(claude.path("tool_choice").path("type").asText()).isEqualTo("any");
        assertThat(claude.path("tool_choice").path("disable_parallel_tool_use").asBoolean()).isTrue();
        assertThat(claude.path("tools")).hasSize(1);

        ObjectNode kimi = weatherRequest("kimi/kimi").put("parallel_tool_calls", false);
        kimi.putObject("tool_choice").put("type", "function").putObject("function").put("name", AgentProviders.TOOL);
        assertThat(post(kimi).statusCode()).isEqualTo(200);
        JsonNode sent = lastRequest(keel.kimi);
        assertThat(sent.path("tool_choice").asText()).isEqualTo("required");
        assertThat(sent.path("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(sent.path("tools")).hasSize(1);
    }

    @Test
    void toolChoiceNoneShowsOllamaNoToolsAndTellsTheOthers() throws Exception {
        post(weatherRequest("ollama/qwen").put("tool_choice", "none"));
        assertThat(lastRequest(keel.ollama).path("tools")).as("/api/chat has no tool_choice").isEmpty();

        post(weatherRequest("claude/claude").put("tool_choice", "none"));
        assertThat(lastRequest(keel.claude).path("tool_choice").path("type").asText()).isEqualTo("none");
    }

    @Test
    void aModelThatCannotCallToolsIsRefusedNamingTheOnesThatCan() throws Exception {
        HttpResponse<String> response = post(weatherRequest("kimi/kimi-text"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                .contains("kimi/kimi-text cannot support tools", "ollama/qwen", "kimi/kimi", "claude/claude");
    }

    @Test
    void aToolForTheAutoRouteGoesWhereToolsAreConfigured() throws Exception {
        HttpResponse<String> response = post(weatherRequest("reasoning"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-keel-model")).hasValue("kimi");
    }

    @Test
    void anUnknownNamedToolIs400() throws Exception {
        ObjectNode request = weatherRequest("auto");
        request.putObject("tool_choice").put("type", "function").putObject("function").put("name", "launch");

        HttpResponse<String> response = post(request);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("names the function 'launch'");
    }

    @Test
    void aRequiredToolCallIsNotGivenToOllamaWhichCannotBeForced() throws Exception {
        HttpResponse<String> routed = post(weatherRequest("auto").put("tool_choice", "required"));
        HttpResponse<String> pinned = post(weatherRequest("ollama/qwen").put("tool_choice", "required"));

        assertThat(routed.statusCode()).as(routed.body()).isEqualTo(200);
        assertThat(routed.headers().firstValue("x-keel-provider")).hasValue("kimi");
        assertThat(routed.headers().firstValue("x-keel-route-reason").orElseThrow()).contains("ollama cannot be made to call a tool");
        assertThat(pinned.statusCode()).isEqualTo(503);
        assertThat(pinned.body()).contains("no tool_choice");
    }
}
