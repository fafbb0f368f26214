package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.gateway.AgentKeys;
import dev.keel.mcp.McpAudit;
import dev.keel.mcp.McpGateway;
import dev.keel.mcp.SchemaValidator;
import dev.keel.mcp.ServerHealth;
import dev.keel.support.FakeMcpServer;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keel in front of an external MCP server (the SDK's server classes, in-process): its tools behind /mcp as
 * {@code files__*}, the allow and deny lists of mcp.yaml per agent, each call audited, the server going down (its
 * tools leave tools/list, the reason is in MCP.md) and coming back. The external server's key is a secret by name
 * and appears in no report.
 */
class McpGatewayTest {

    static RunningKeel keel;
    static Path home;
    static FakeMcpServer files;
    static final String UPSTREAM_KEY = "fake-upstream-key-" + Long.toHexString(System.nanoTime());
    static final Map<String, String> keys = new java.util.HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        home = Files2.freshHome("mcp-gateway");
        files = new FakeMcpServer(UPSTREAM_KEY, "read_file", "delete_file");
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        for (String agent : List.of("writer", "reader")) {
            keys.put(agent, AgentKeys.newKey());
            ownerOnly(Files.writeString(secrets.resolve(AgentKeys.secretName(agent)), keys.get(agent)));
        }
        ownerOnly(Files.writeString(secrets.resolve("files-token"), UPSTREAM_KEY));
        Files.createDirectories(home.resolve("ops/configs"));
        Files.writeString(home.resolve("ops/configs/mcp.yaml"), """
                servers:
                  files:
                    url: %s
                    bearer-secret: files-token
                    timeout: 5s
                    connect-timeout: 2s
                  local:
                    command: ['%s', -cp, '%s', dev.keel.support.FakeStdioMcpServer]
                    env-secrets: {FAKE_TOKEN: files-token}
                    connect-timeout: 20s
                agents:
                  writer:
                    allow: [files__*, local__*]
                    deny: [files__delete_file]
                  default:
                    deny: [export_markdown]
                """.formatted(files.url(), Path.of(System.getProperty("java.home"), "bin", "java"), System.getProperty("java.class.path")));
        keel = RunningKeel.start(home, "mcp-gateway", Map.of("keel.gateway.agents", "writer,reader", "keel.mcp.check-interval", "200ms"));
        assertThat(Files2.await(() -> tools("writer").contains("files__read_file"), Duration.ofSeconds(30))).isTrue();
    }

    /** Each test starts with the server up and its tools offered (the down-and-back test leaves it so, after a backoff). */
    @BeforeEach
    void serverIsUp() throws Exception {
        assertThat(Files2.await(() -> tools("writer").contains("files__read_file"), Duration.ofSeconds(30))).isTrue();
    }

    @AfterAll
    static void stop() {
        if (keel != null) {
            keel.close();
        }
        files.close();
    }

    private static void ownerOnly(Path file) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    static McpSyncClient client(String agent) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + keel.httpPort())
                .endpoint("/mcp").requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + keys.get(agent))).build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).jsonSchemaValidator(new SchemaValidator()).build();
        client.initialize();
        return client;
    }

    static List<String> tools(String agent) {
        try (McpSyncClient client = client(agent)) {
            return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        }
    }

    static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(c -> c instanceof McpSchema.TextContent).map(c -> ((McpSchema.TextContent) c).text())
                .reduce("", String::concat);
    }

    @Test
    void offersTheServersToolsPrefixedAndOnlyToTheAgentsAllowedThem() {
        assertThat(tools("writer")).contains("files__read_file", "submit_content", "export_markdown").doesNotContain("files__delete_file");
        assertThat(tools("reader")).contains("submit_content").doesNotContain("files__read_file", "files__delete_file", "export_markdown");
    }

    @Test
    void forwardsAnAllowedCallAndRefusesADeniedOneWithoutReachingTheServer() {
        try (McpSyncClient writer = client("writer"); McpSyncClient reader = client("reader")) {
            McpSchema.CallToolResult read = writer.callTool(new McpSchema.CallToolRequest("files__read_file", Map.of("path", "a.md")));
            assertThat(read.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(text(read)).isEqualTo("read_file answered {path=a.md}");

            McpSchema.CallToolResult denied = writer.callTool(new McpSchema.CallToolRequest("files__delete_file", Map.of("path", "a.md")));
            assertThat(denied.isError()).isTrue();
            assertThat(text(denied)).contains("'files__delete_file' is not allowed for agent 'writer'");
            McpSchema.CallToolResult notListed = reader.callTool(new McpSchema.CallToolRequest("files__read_file", Map.of("path", "b.md")));
            assertThat(notListed.isError()).isTrue();
            assertThat(text(notListed)).contains("not allowed for agent 'reader'");
        }
        assertThat(files.calls()).contains("read_file {path=a.md}").noneMatch(c -> c.startsWith("delete_file")).noneMatch(c -> c.contains("b.md"));
        List<McpAudit.Call> audited = new McpAudit(() -> keel.camel().getRegistry().lookupByNameAndType("keelDatabase",
                dev.keel.db.KeelDatabase.class).dataSource(), new SimpleMeterRegistry(), Clock.systemUTC()).since(Instant.EPOCH);
        assertThat(audited).anyMatch(c -> c.agent().equals("writer") && c.tool().equals("files__read_file") && c.outcome().equals("ok"))
                .anyMatch(c -> c.agent().equals("writer") && c.tool().equals("files__delete_file") && c.outcome().equals("denied"))
                .anyMatch(c -> c.agent().equals("reader") && c.tool().equals("files__read_file") && c.outcome().equals("denied"));
    }

    @Test
    void aServerThatStopsAnsweringLosesItsToolsUntilItIsBack() throws Exception {
        McpGateway gateway = keel.camel().getRegistry().lookupByNameAndType("mcpGateway", McpGateway.class);
        files.stop();
        try {
            assertThat(Files2.await(() -> !tools("writer").contains("files__read_file"), Duration.ofSeconds(30))).isTrue();
            ServerHealth down = gateway.health().get(0);
            assertThat(down.up()).isFalse();
            assertThat(down.reason()).isNotBlank();
            assertThat(Files2.await(() -> mcpMd().contains("DOWN: "), Duration.ofSeconds(30))).isTrue();
            try (McpSyncClient writer = client("writer")) {
                assertThatThrownBy(() -> writer.callTool(new McpSchema.CallToolRequest("files__read_file", Map.of("path", "c.md"))))
                        .hasMessageContaining("Unknown tool");
            }
        } finally {
            files.start();
        }
        assertThat(Files2.await(() -> tools("writer").contains("files__read_file"), Duration.ofSeconds(30))).isTrue();
        assertThat(gateway.health().get(0).up()).isTrue();
        assertThat(Files2.await(() -> mcpMd().contains("| files | streamable-http " + files.url() + " | up |"), Duration.ofSeconds(30)))
                .isTrue();
    }

    @Test
    void mcpMdShowsToolsServersWhoMayCallWhatAndAPasteableClientEntry() throws Exception {
        assertThat(Files2.await(() -> mcpMd().contains("files__read_file"), Duration.ofSeconds(30))).isTrue();
        String md = mcpMd();
        assertThat(md).contains("| `submit_content` |").contains("\"Authorization\": \"Bearer <your agent key>\"")
                .contains("\"url\": \"http://127.0.0.1:" + keel.httpPort() + "/mcp\"")
                .containsPattern("\\| writer \\| all \\| `files__read_file`")
                .containsPattern("\\| reader \\| `[^|]*` \\| none \\|");
        assertThat(md).doesNotContain(UPSTREAM_KEY).doesNotContain(keys.get("writer"));
    }

    @Test
    void toolsTrackerListsKeelsAndTheServersMcpToolsWithTheirStatus() throws Exception {
        List<dev.keel.reports.ToolsTracker.Tool> rows = NightWiring.tools(keel.camel(), KeelConfiguration.settingsOf(keel.camel()));
        assertThat(rows).anyMatch(t -> t.name().equals("submit_content") && t.kind().equals("MCP tool (Keel)"))
                .anyMatch(t -> t.name().equals("files__read_file") && t.kind().equals("MCP tool (files)") && t.where().endsWith(": up"));
    }

    @Test
    void aStdioServerIsStartedAsAChildProcessWithItsSecretInTheEnvironment() throws Exception {
        assertThat(Files2.await(() -> tools("writer").contains("local__whoami"), Duration.ofSeconds(60))).isTrue();
        try (McpSyncClient writer = client("writer")) {
            McpSchema.CallToolResult result = writer.callTool(new McpSchema.CallToolRequest("local__whoami", Map.of()));
            assertThat(text(result)).isEqualTo("stdio server, token length " + UPSTREAM_KEY.length());
        }
    }

    @Test
    void everyBeanKeelCheckAcceptsInARouteIsBoundInARunningKeel() {
        assertThat(dev.keel.check.KeelBeans.NAMES).allSatisfy(name -> assertThat(keel.camel().getRegistry().lookupByName(name))
                .as("bean %s", name).isNotNull());
    }

    static String mcpMd() {
        try {
            return Files.readString(home.resolve("ops/configs/MCP.md"));
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
