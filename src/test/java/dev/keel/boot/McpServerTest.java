package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.gateway.AgentKeys;
import dev.keel.mcp.McpAudit;
import dev.keel.mcp.SchemaValidator;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keel's /mcp with a client Keel did not write: the MCP Java SDK's own client over its Streamable HTTP
 * transport lists and calls Keel's tools, prompts and resources, and is refused without a key; a foreign
 * browser Origin gets 403. Every tool call lands in keel_mcp_call.
 */
class McpServerTest {

    static RunningKeel keel;
    static Path home;
    static String agentKey;

    @BeforeAll
    static void start() throws Exception {
        home = Files2.freshHome("mcp-server");
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: 'http://127.0.0.1:9', models: [qwen], context-window: 32768,
                     local-rate-per-hour: 0.4}
                routing:
                  target-mix: {local: 100, reasoning: 0, critical: 0}
                  mix-tolerance: 100
                  fallback: [ollama]
                """);
        Files.createDirectories(home.resolve("prompts"));
        Files.writeString(home.resolve("prompts/brief.md"), """
                ---
                version: 3
                description: A one-page product brief
                variables: [product, audience]
                ---
                Write about {{product}} for {{audience}}.
                """);
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        agentKey = AgentKeys.newKey();
        Path f = Files.writeString(secrets.resolve(AgentKeys.secretName("writer")), agentKey);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        keel = RunningKeel.start(home, "mcp-server", Map.of("keel.gateway.agents", "writer"));
    }

    @AfterAll
    static void stop() {
        keel.close();
    }

    static String base() {
        return "http://127.0.0.1:" + keel.httpPort();
    }

    static McpSyncClient client(String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base()).endpoint("/mcp")
                .requestBuilder(request).build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).jsonSchemaValidator(new SchemaValidator()).build();
    }

    @Test
    void listsAndCallsKeelsToolsWithTheSdkClient() throws Exception {
        try (McpSyncClient client = client(agentKey)) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.serverInfo().name()).isEqualTo("keel");
            assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
            List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertThat(tools).contains("submit_content", "task_status", "route_explain", "spend_today", "health",
                    "stale_legal_documents", "render_prompt", "export_markdown");

            McpSchema.CallToolResult submitted = client.callTool(new McpSchema.CallToolRequest("submit_content",
                    Map.of("name", "brief.md", "content", "# Brief\n\nWrite about owls.\n")));
            assertThat(submitted.isError()).isNotEqualTo(Boolean.TRUE);
            @SuppressWarnings("unchecked")
            String task = (String) ((Map<String, Object>) submitted.structuredContent()).get("task");
            assertThat(task).matches("\\d{8}-[0-9a-f]{12}");
            try (var files = Files.list(home.resolve("inbox/content"))) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.equals(task + "--brief.md"));
            }
            McpSchema.CallToolResult status = client.callTool(new McpSchema.CallToolRequest("task_status", Map.of("task", task)));
            assertThat(text(status)).contains(task).containsPattern("queued|running|done|failed");

            McpSchema.CallToolResult route = client.callTool(new McpSchema.CallToolRequest("route_explain", Map.of("prompt", "Say hi")));
            assertThat(text(route)).contains("\"provider\":\"ollama\"").contains("\"reason\"");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("spend_today", Map.of())))).contains("ollama");
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("health", Map.of()))))
                    .containsPattern("\"state\":\"(OK|HOT|CRITICAL)\"").contains("\"mode\":\"OBSERVE\"");

            McpSchema.CallToolResult rendered = client.callTool(new McpSchema.CallToolRequest("render_prompt",
                    Map.of("name", "brief", "variables", Map.of("product", "Keel", "audience", "operators"))));
            assertThat(text(rendered)).contains("Write about Keel for operators.").contains("brief@3");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void exportsMarkdownToADocxBundleAndAnswersEachFilesSha256() throws Exception {
        try (McpSyncClient client = client(agentKey)) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("export_markdown",
                    Map.of("name", "mcp-note", "markdown", "# Note\n\nExported over MCP.\n", "formats", List.of("docx"))));
            assertThat(result.isError()).as(text(result)).isNotEqualTo(Boolean.TRUE);
            Map<String, Object> answer = (Map<String, Object>) result.structuredContent();
            List<Map<String, Object>> files = (List<Map<String, Object>>) answer.get("files");
            Map<String, Object> docx = files.stream().filter(f -> f.get("path").toString().endsWith("mcp-note.docx")).findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(Path.of(docx.get("path").toString()));
            String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            assertThat(docx.get("sha256")).isEqualTo(sha);
            assertThat(Path.of(((Map<String, Object>) answer.get("zip")).get("path").toString())).exists();
            McpSchema.CallToolResult badName = client.callTool(new McpSchema.CallToolRequest("export_markdown",
                    Map.of("name", "../escape", "markdown", "# x")));
            assertThat(badName.isError()).isTrue();
            assertThat(text(badName)).contains("must be letters, digits");
        }
    }

    @Test
    void aBadArgumentIsAnErrorResultTheModelCanActOn() throws Exception {
        try (McpSyncClient client = client(agentKey)) {
            client.initialize();
            McpSchema.CallToolResult bad = client.callTool(new McpSchema.CallToolRequest("task_status", Map.of("task", "nope")));
            assertThat(bad.isError()).isTrue();
            assertThat(text(bad)).contains("does not match the regex pattern");
            McpSchema.CallToolResult unknown = client.callTool(new McpSchema.CallToolRequest("task_status",
                    Map.of("task", "20200101-000000000000")));
            assertThat(unknown.isError()).isTrue();
            assertThat(text(unknown)).contains("no task 20200101-000000000000");
            McpSchema.CallToolResult missing = client.callTool(new McpSchema.CallToolRequest("render_prompt",
                    Map.of("name", "brief", "variables", Map.of("product", "Keel"))));
            assertThat(missing.isError()).isTrue();
            assertThat(text(missing)).contains("audience");
        }
        List<McpAudit.Call> calls = new McpAudit(() -> keel.camel().getRegistry().lookupByNameAndType("keelDatabase",
                dev.keel.db.KeelDatabase.class).dataSource(), new SimpleMeterRegistry(), Clock.systemUTC()).since(Instant.EPOCH);
        assertThat(calls).anyMatch(c -> c.agent().equals("writer") && c.tool().equals("task_status") && c.outcome().equals("refused"));
    }

    @Test
    void offersThePromptBankAndTheOpsReports() throws Exception {
        try (McpSyncClient client = client(agentKey)) {
            client.initialize();
            McpSchema.Prompt prompt = client.listPrompts().prompts().stream().filter(p -> p.name().equals("brief@3")).findFirst().orElseThrow();
            assertThat(prompt.arguments()).extracting(McpSchema.PromptArgument::name).containsExactly("product", "audience");
            McpSchema.GetPromptResult got = client.getPrompt(new McpSchema.GetPromptRequest("brief@3",
                    Map.of("product", "Keel", "audience", "agents")));
            assertThat(((McpSchema.TextContent) got.messages().get(0).content()).text()).isEqualTo("Write about Keel for agents.\n");

            Files.createDirectories(home.resolve("ops/configs"));
            Files.writeString(home.resolve("ops/configs/NOTE.md"), "# A report\n");
            McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest("keel://ops/configs/NOTE.md"));
            assertThat(((McpSchema.TextResourceContents) read.contents().get(0)).text()).isEqualTo("# A report\n");
            assertThatThrownBy(() -> client.readResource(new McpSchema.ReadResourceRequest("keel://ops/../secrets/x.md")))
                    .hasMessageContaining("not found");
        }
    }

    @Test
    void refusesAClientWithoutAKey() {
        try (McpSyncClient client = client(null)) {
            assertThatThrownBy(client::initialize).isNotNull();
        }
        try (McpSyncClient client = client("sk-keel-FAKE-not-a-real-key-0000000000000000")) {
            assertThatThrownBy(client::initialize).isNotNull();
        }
    }

    @Test
    void refusesAForeignOriginWith403AndAcceptsLoopback() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
        HttpResponse<String> foreign = http.send(post(init, "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        HttpResponse<String> local = http.send(post(init, "http://localhost:3000").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.body()).contains("\"protocolVersion\":\"2025-11-25\"");
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base() + "/mcp")).header("Authorization", "Bearer " + agentKey)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(local.body() + foreign.body()).doesNotContain(agentKey);
    }

    private HttpRequest.Builder post(String body, String origin) {
        return HttpRequest.newBuilder(URI.create(base() + "/mcp")).header("Authorization", "Bearer " + agentKey)
                .header("Origin", origin).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
