package dev.keel.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;

/** Builds the SDK's stateless MCP server behind {@code /mcp}: Keel's tools, the prompt bank, the ops reports. */
public final class KeelMcpServer {

    private KeelMcpServer() {
    }

    public static McpStatelessSyncServer build(McpEndpoint endpoint, McpJsonMapper json, McpTools tools, List<KeelTool> keelTools,
                                               KeelPrompts prompts, KeelResources resources, Duration timeout) {
        return McpServer.sync(endpoint)
                .serverInfo("keel", KeelMcpServer.class.getPackage().getImplementationVersion() == null ? "dev"
                        : KeelMcpServer.class.getPackage().getImplementationVersion())
                .instructions("Keel runs the team's content, export, legal and model-routing workflows. Submit work with "
                        + "submit_content and follow it with task_status; read ops reports as keel://ops/<area>/<file>.md resources.")
                .jsonMapper(json)
                .jsonSchemaValidator(new SchemaValidator())
                .validateToolInputs(true)
                .requestTimeout(timeout)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).prompts(false).resources(false, false).build())
                .tools(tools.specifications(keelTools))
                .prompts(prompts.specifications())
                .resources(resources.specifications())
                .resourceTemplates(resources.template())
                .build();
    }
}
