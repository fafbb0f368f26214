package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.gateway.AgentKeys;
import dev.keel.mcp.SchemaValidator;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import dev.keel.support.Wire;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #19's "done when": an agent configured with nothing but the mcpServers entry Keel wrote in MCP.md (and its
 * key) lists Keel's tools and submits a brief that ends in outbox/content (a fake Ollama answers). The official
 * TypeScript SDK (installed by .ci/run into src/test/mcp-ts) lists and calls tools, prompts and resources and is
 * refused without a key. /observe/metrics shows the MCP calls per tool and outcome.
 */
class McpAgentFlowTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static RunningKeel keel;
    static FakeProvider ollama;
    static Path home;
    static String key;

    @BeforeAll
    static void start() throws Exception {
        home = Files2.freshHome("mcp-agent-flow");
        String article = "# Owls at night\\n\\n" + "Owls hunt by sound, and Keel writes about them on request. ".repeat(6)
                + "\\n\\n## Sources\\n\\n- https://example.org/owls\\n- [Camel](https://camel.apache.org)\\n";
        ollama = FakeProvider.start().answer("/api/chat", 200, Wire.ollama(article, 40, 90));
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: '%s', models: [qwen], context-window: 32768, local-rate-per-hour: 0}
                routing:
                  target-mix: {local: 100, reasoning: 0, critical: 0}
                  mix-tolerance: 100
                  fallback: [ollama]
                """.formatted(ollama.url()));
        Files.createDirectories(home.resolve("prompts"));
        Files.writeString(home.resolve("prompts/brief.md"), "---\nversion: 1\ndescription: A brief\nvariables: [product]\n---\n"
                + "Write about {{product}}.\n");
        Files.createDirectories(home.resolve("templates/content"));
        Files.copy(Path.of("templates/content/article.md"), home.resolve("templates/content/article.md"));
        Files.createDirectories(home.resolve("ops/configs"));
        Files.writeString(home.resolve("ops/configs/NOTE.md"), "# Note for agents\n");
        key = AgentKeys.newKey();
        Path f = Files.writeString(Files.createDirectories(home.resolve("secrets")).resolve(AgentKeys.secretName("writer")), key);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        keel = RunningKeel.start(home, "mcp-agent-flow", Map.of("keel.gateway.agents", "writer", "keel.mcp.check-interval", "500ms"));
    }

    @AfterAll
    static void stop() {
        keel.close();
        ollama.close();
    }

    /** The mcpServers entry of MCP.md, as an agent's operator would copy it. */
    static JsonNode snippet() throws Exception {
        Path md = home.resolve("ops/configs/MCP.md");
        assertThat(Files2.await(() -> Files.exists(md), Duration.ofSeconds(30))).isTrue();
        Matcher m = Pattern.compile("```json\n(.*?)\n```", Pattern.DOTALL).matcher(Files.readString(md));
        assertThat(m.find()).as("MCP.md has a json block").isTrue();
        return JSON.readTree(m.group(1)).path("mcpServers").path("keel");
    }

    @Test
    void anAgentConfiguredFromMcpMdListsToolsAndSubmitsABriefThatEndsInTheOutbox() throws Exception {
        JsonNode entry = snippet();
        URI url = URI.create(entry.path("url").asText());
        HttpRequest.Builder request = HttpRequest.newBuilder();
        entry.path("headers").fields().forEachRemaining(h -> request.header(h.getKey(), h.getValue().asText().replace("<your agent key>", key)));
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(url.getScheme() + "://" + url.getAuthority())
                .endpoint(url.getPath()).requestBuilder(request).build();
        try (McpSyncClient agent = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).jsonSchemaValidator(new SchemaValidator())
                .build()) {
            agent.initialize();
            assertThat(agent.listTools().tools()).extracting(McpSchema.Tool::name).contains("submit_content", "task_status");
            McpSchema.CallToolResult submitted = agent.callTool(new McpSchema.CallToolRequest("submit_content",
                    Map.of("name", "owls.md", "content", "# Owls\n\nWrite a short article about owls at night.\n")));
            assertThat(submitted.isError()).isNotEqualTo(Boolean.TRUE);
            String task = String.valueOf(((Map<?, ?>) submitted.structuredContent()).get("task"));

            Path outbox = home.resolve("outbox/content");
            assertThat(Files2.await(() -> Files2.listAll(outbox).stream().anyMatch(p -> p.contains(task) && p.endsWith(".md")),
                    Duration.ofSeconds(60))).as("an output for %s in %s: %s", task, outbox, Files2.listAll(outbox)).isTrue();
            String output = Files2.listAll(outbox).stream().filter(p -> p.contains(task) && p.endsWith(".md")).findFirst().orElseThrow();
            assertThat(Files.readString(outbox.resolve(output))).contains("Owls hunt by sound");
            assertThat(Files2.await(() -> text(agent.callTool(new McpSchema.CallToolRequest("task_status", Map.of("task", task))))
                    .contains("done"), Duration.ofSeconds(30))).isTrue();
        }
        assertThat(ollama.received()).isNotEmpty();
    }

    @Test
    void theTypeScriptSdkListsAndCallsToolsPromptsAndResourcesAndIsRefusedWithoutAKey() throws Exception {
        Path dir = Path.of("src/test/mcp-ts").toAbsolutePath();
        Assumptions.assumeTrue(runs("node", "--version"), "node is not installed: the TypeScript SDK test is skipped");
        Assumptions.assumeTrue(Files.isDirectory(dir.resolve("node_modules/@modelcontextprotocol/sdk")),
                "@modelcontextprotocol/sdk is not installed in src/test/mcp-ts (run npm ci there, as .ci/run does): skipped");
        Process node = new ProcessBuilder("node", "client.mjs", "http://127.0.0.1:" + keel.httpPort() + "/mcp", key).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(out).isZero();
        JsonNode seen = JSON.readTree(out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
        assertThat(seen.path("server").asText()).isEqualTo("keel");
        assertThat(seen.path("tools").toString()).contains("submit_content", "render_prompt", "export_markdown");
        assertThat(seen.path("health").path("state").asText()).matches("OK|HOT|CRITICAL");
        assertThat(seen.path("route").path("provider").asText()).isEqualTo("ollama");
        assertThat(seen.path("badCall").path("isError").asBoolean()).isTrue();
        assertThat(seen.path("badCall").path("text").asText()).contains("no task 20200101-000000000000");
        assertThat(seen.path("prompts").toString()).contains("brief@1");
        assertThat(seen.path("prompt").asText()).isEqualTo("Write about TS.\n");
        assertThat(seen.path("resources").toString()).contains("keel://ops/");
        assertThat(seen.path("resourceText").isNull()).isFalse();
        assertThat(seen.path("withoutKey").asText()).startsWith("refused: ").contains("send your Keel agent key");
        assertThat(seen.path("withoutKeyStatus").asInt()).isEqualTo(401);
    }

    @Test
    void observeMetricsCountsMcpCallsPerToolAndOutcome() throws Exception {
        try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + keel.httpPort())
                .endpoint("/mcp").requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key)).build())
                .requestTimeout(Duration.ofSeconds(30)).jsonSchemaValidator(new SchemaValidator()).build()) {
            client.initialize();
            client.callTool(new McpSchema.CallToolRequest("spend_today", Map.of()));
            client.callTool(new McpSchema.CallToolRequest("task_status", Map.of("task", "20200101-000000000001")));
        }
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + keel.managementPort() + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        List<String> lines = metrics.body().lines().filter(l -> l.startsWith("keel_mcp_tool_calls_seconds_count")).toList();
        assertThat(lines).anyMatch(l -> l.contains("tool=\"spend_today\"") && l.contains("outcome=\"ok\""))
                .anyMatch(l -> l.contains("tool=\"task_status\"") && l.contains("outcome=\"refused\""));
        assertThat(metrics.body()).contains("keel_mcp_tool_calls_seconds_sum");
    }

    static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(c -> c instanceof McpSchema.TextContent).map(c -> ((McpSchema.TextContent) c).text())
                .reduce("", String::concat);
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
