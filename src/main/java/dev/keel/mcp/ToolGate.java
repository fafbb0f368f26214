package dev.keel.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * The per-agent tool lists of mcp.yaml in front of the SDK's handler: tools/list answers only the tools the agent
 * may call, and a tools/call of any other is refused (an error result naming the rule) and audited as denied,
 * without reaching the tool.
 */
public final class ToolGate {

    private final ToolAccess access;
    private final Predicate<String> external;
    private final McpJsonMapper json;
    private final McpAudit audit;

    public ToolGate(ToolAccess access, Predicate<String> external, McpJsonMapper json, McpAudit audit) {
        this.access = access;
        this.external = external;
        this.json = json;
        this.audit = audit;
    }

    public boolean allows(String agent, String tool) {
        return access.allows(agent, tool, !external.test(tool));
    }

    public McpStatelessServerHandler around(McpStatelessServerHandler next) {
        return new McpStatelessServerHandler() {
            @Override
            public Mono<McpSchema.JSONRPCResponse> handleRequest(McpTransportContext context, McpSchema.JSONRPCRequest request) {
                String agent = String.valueOf(context.get(McpEndpoint.AGENT));
                if (McpSchema.METHOD_TOOLS_CALL.equals(request.method())) {
                    String tool = toolName(request.params());
                    if (tool != null && !allows(agent, tool)) {
                        audit.record(agent, tool, "denied", Duration.ZERO, "mcp.yaml agents");
                        McpSchema.CallToolResult refused = McpSchema.CallToolResult.builder().isError(true)
                                .addTextContent(access.refusal(agent, tool)).build();
                        return Mono.just(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), refused, null));
                    }
                    return next.handleRequest(context, request);
                }
                if (McpSchema.METHOD_TOOLS_LIST.equals(request.method())) {
                    return next.handleRequest(context, request).map(response -> visible(agent, response));
                }
                return next.handleRequest(context, request);
            }

            @Override
            public Mono<Void> handleNotification(McpTransportContext context, McpSchema.JSONRPCNotification notification) {
                return next.handleNotification(context, notification);
            }
        };
    }

    private McpSchema.JSONRPCResponse visible(String agent, McpSchema.JSONRPCResponse response) {
        if (response.result() == null) {
            return response;
        }
        McpSchema.ListToolsResult all = json.convertValue(response.result(), new TypeRef<McpSchema.ListToolsResult>() {
        });
        McpSchema.ListToolsResult mine = new McpSchema.ListToolsResult(all.tools().stream().filter(t -> allows(agent, t.name())).toList(),
                all.nextCursor());
        return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(), mine, response.error());
    }

    private String toolName(Object params) {
        if (params == null) {
            return null;
        }
        Map<String, Object> map = json.convertValue(params, new TypeRef<Map<String, Object>>() {
        });
        Object name = map.get("name");
        return name == null ? null : name.toString();
    }
}
