package dev.keel.support;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;

/**
 * An external MCP server Keel starts as a child process (stdio), built with the SDK's StdioServerTransportProvider:
 * one tool, {@code whoami}, that answers with the FAKE_TOKEN environment variable's length (proving Keel passed the
 * secret by name without the test reading it back).
 */
public final class FakeStdioMcpServer {

    private FakeStdioMcpServer() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        System.setOut(System.err); // anything that logs goes to stderr, never into the JSON-RPC stream
        McpJsonMapper json = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());
        McpSchema.Tool whoami = McpSchema.Tool.builder().name("whoami").description("Says who the process is")
                .inputSchema(json, "{\"type\":\"object\",\"properties\":{}}").build();
        McpServer.sync(new StdioServerTransportProvider(json, System.in, protocol)).serverInfo("fake-stdio", "1")
                .jsonSchemaValidator(new dev.keel.mcp.SchemaValidator())
                .tools(new McpServerFeatures.SyncToolSpecification(whoami, (exchange, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent("stdio server, token length " + String.valueOf(System.getenv("FAKE_TOKEN")).length()).build()))
                .build();
        Thread.currentThread().join(); // serve until Keel closes stdin and ends the process
    }
}
