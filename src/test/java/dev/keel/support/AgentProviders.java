package dev.keel.support;

import dev.keel.gateway.AgentKeys;
import dev.keel.ledger.CostLedger;
import dev.keel.router.ModelGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Keel in front of three fake providers that play an agent's tool loop in their own wire formats:
 * asked without a tool result in the conversation, each asks for {@code get_weather {"city": "Paris"}}
 * (Ollama whole and without an id, Kimi as OpenAI tool_calls in fragments, Claude as a tool_use block
 * with input_json_delta fragments); given the tool result, each answers in text. Plain and streamed.
 */
public final class AgentProviders implements AutoCloseable {

    public static final String TOOL = "get_weather";
    /** The arguments as the streamed fragments add up to (and as Kimi sends them plain). */
    public static final String ARGS = "{\"city\": \"Paris\"}";

    public final FakeProvider ollama;
    public final FakeProvider kimi;
    public final FakeProvider claude;
    public final RunningKeel keel;
    public final String agentKey;

    private AgentProviders(FakeProvider ollama, FakeProvider kimi, FakeProvider claude, RunningKeel keel, String agentKey) {
        this.ollama = ollama;
        this.kimi = kimi;
        this.claude = claude;
        this.keel = keel;
        this.agentKey = agentKey;
    }

    /** The provider answers in text once the tool's result is in, or when it was offered no tools. */
    static boolean hasToolResult(String body, String marker) {
        String compact = body.replaceAll("\\s", "");
        return compact.contains(marker) || !compact.contains("\"tools\":[{");
    }

    public static AgentProviders start(String name) throws Exception {
        FakeProvider ollama = FakeProvider.start().reply("/api/chat", body -> hasToolResult(body, "\"role\":\"tool\"")
                ? FakeProvider.streaming(body) ? Wire.ollamaStream(30, 6, "Sunny", " in Paris") : FakeProvider.Reply.of(200,
                        Wire.ollama("Sunny in Paris", 30, 6))
                : FakeProvider.streaming(body) ? ToolWire.ollamaToolStream(TOOL, ARGS, 20, 9) : FakeProvider.Reply.of(200,
                        ToolWire.ollamaToolCall(TOOL, ARGS, 20, 9)));
        FakeProvider kimi = FakeProvider.start().reply("/v1/chat/completions", body -> hasToolResult(body, "\"role\":\"tool\"")
                ? FakeProvider.streaming(body) ? Wire.openAiStream(40, 5, 0, "Sunny", " in Paris") : FakeProvider.Reply.of(200,
                        Wire.openAi("Sunny in Paris", 40, 5, 0))
                : FakeProvider.streaming(body) ? ToolWire.openAiToolStream("call_kimi_1", TOOL, 25, 11, "{\"ci", "ty\": \"Pa", "ris\"}")
                : FakeProvider.Reply.of(200, ToolWire.openAiToolCalls(25, 11, new String[] {"call_kimi_1", TOOL, ARGS})));
        FakeProvider claude = FakeProvider.start().reply("/v1/messages", body -> hasToolResult(body, "\"type\":\"tool_result\"")
                ? FakeProvider.streaming(body) ? Wire.anthropicStream(50, 7, 0, "Sunny", " in Paris") : FakeProvider.Reply.of(200,
                        Wire.anthropic("Sunny in Paris", 50, 7, 0, 0))
                : FakeProvider.streaming(body) ? ToolWire.anthropicToolStream("toolu_01", TOOL, 35, 12, "", "{\"city\": \"Pa", "ris\"}")
                : FakeProvider.Reply.of(200, ToolWire.anthropicToolUse("I will look.", "toolu_01", TOOL, ARGS, 35, 12)));
        Path home = Files2.freshHome(name);
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: '%s', models: [qwen], context-window: 32768,
                     local-rate-per-hour: 0.4, supports: [tools]}
                  - {name: kimi, type: openai-compatible, tier: reasoning, base-url: '%s/v1', key-secret: moonshot-api-key,
                     models: [kimi, {name: kimi-text, supports: []}], context-window: 200000,
                     price: {input: 0.6, output: 2.5, cached-input: 0.15}, supports: [tools, vision, json_schema, reasoning]}
                  - {name: claude, type: anthropic, tier: critical, base-url: '%s', key-secret: anthropic-api-key,
                     models: [claude], context-window: 200000, price: {input: 3, output: 15, cached-input: 0.3, cache-write: 3.75},
                     supports: [tools, vision, json_schema, reasoning]}
                routing:
                  target-mix: {local: 80, reasoning: 15, critical: 5}
                  mix-tolerance: 100
                  fallback: [ollama, kimi, claude]
                """.formatted(ollama.url(), kimi.url(), claude.url()));
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        String agentKey = AgentKeys.newKey();
        for (Map.Entry<String, String> secret : Map.of("moonshot-api-key", "sk-FAKE-moonshot-0000000000000000",
                "anthropic-api-key", "sk-ant-FAKE-anthropic-000000000000", AgentKeys.secretName("ci"), agentKey).entrySet()) {
            Path f = Files.writeString(secrets.resolve(secret.getKey()), secret.getValue());
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        RunningKeel keel = RunningKeel.start(home, name, Map.of("keel.gateway.agents", "ci", "keel.gateway.image-fetch-private", "true"));
        return new AgentProviders(ollama, kimi, claude, keel, agentKey);
    }

    public String base() {
        return "http://127.0.0.1:" + keel.httpPort();
    }

    public FakeProvider fake(String provider) {
        return switch (provider) {
            case "ollama" -> ollama;
            case "kimi" -> kimi;
            default -> claude;
        };
    }

    public List<CostLedger.Call> ledger() {
        return keel.camel().getRegistry().lookupByNameAndType("modelGateway", ModelGateway.class).ledger()
                .since(Instant.now().minusSeconds(600));
    }

    @Override
    public void close() {
        keel.close();
        List.of(ollama, kimi, claude).forEach(FakeProvider::close);
    }
}
