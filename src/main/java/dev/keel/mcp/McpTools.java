package dev.keel.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link KeelTool}s into the SDK's tool specifications: a call is answered as structured content
 * plus the same JSON as text (for clients that read only text), a refusal or failure as
 * {@code isError} with a sentence the model can act on, and every call is audited.
 */
public final class McpTools {

    private static final Logger LOG = LoggerFactory.getLogger(McpTools.class);

    private final McpJsonMapper json;
    private final McpAudit audit;

    public McpTools(McpJsonMapper json, McpAudit audit) {
        this.json = json;
        this.audit = audit;
    }

    public List<SyncToolSpecification> specifications(List<KeelTool> tools) {
        return tools.stream().map(this::specification).toList();
    }

    private SyncToolSpecification specification(KeelTool tool) {
        McpSchema.Tool schema = McpSchema.Tool.builder().name(tool.name()).description(tool.description())
                .inputSchema(json, tool.inputSchema()).build();
        return new SyncToolSpecification(schema, (context, request) -> call(tool, context, request));
    }

    CallToolResult call(KeelTool tool, McpTransportContext context, McpSchema.CallToolRequest request) {
        String agent = String.valueOf(context.get(McpEndpoint.AGENT));
        Instant start = audit.clock().instant();
        String outcome = "ok";
        String detail = "";
        try {
            Map<String, Object> answer = tool.call().apply(agent, request.arguments() == null ? Map.of() : request.arguments());
            return CallToolResult.builder().structuredContent(answer).addTextContent(json.writeValueAsString(answer)).build();
        } catch (ToolRefused | dev.keel.storage.RejectedInputException e) {
            outcome = "refused";
            detail = e.getMessage();
            return failure(tool.name() + ": " + e.getMessage());
        } catch (Exception e) {
            outcome = "error";
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("MCP tool {} failed for {}: {}", tool.name(), agent, detail);
            return failure(tool.name() + " failed inside Keel (" + detail + "); try again later or tell an operator");
        } finally {
            audit.record(agent, tool.name(), outcome, Duration.between(start, audit.clock().instant()), detail);
        }
    }

    private static CallToolResult failure(String message) {
        return CallToolResult.builder().isError(true).addTextContent(message).build();
    }
}
