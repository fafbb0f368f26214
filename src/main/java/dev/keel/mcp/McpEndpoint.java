package dev.keel.mcp;

import dev.keel.gateway.AgentKeys;
import dev.keel.secrets.SecretMasker;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * {@code /mcp}: MCP's Streamable HTTP transport (spec 2025-11-25) on Keel's platform-http route, as the
 * SDK's stateless server transport. Keel is not a servlet container, so this is the SDK's
 * {@code HttpServletStatelessServerTransport} contract over a Camel exchange: a POSTed JSON-RPC request
 * is answered with one JSON body, a notification with 202, GET with 405 (no server-initiated stream).
 * Before any of that the {@code Origin} is checked (403) and the agent's gateway bearer key (401).
 */
public final class McpEndpoint implements McpStatelessServerTransport {

    private static final Logger LOG = LoggerFactory.getLogger(McpEndpoint.class);
    /** The transport context key holding the authenticated agent's name. */
    public static final String AGENT = "keel.agent";

    private final AgentKeys keys;
    private final OriginPolicy origins;
    private final McpJsonMapper json;
    private final long maxBody;
    private volatile McpStatelessServerHandler handler;
    private volatile ToolGate gate;
    private volatile boolean closing;

    public McpEndpoint(AgentKeys keys, OriginPolicy origins, McpJsonMapper json, long maxBody) {
        this.keys = keys;
        this.origins = origins;
        this.json = json;
        this.maxBody = maxBody;
    }

    /** The per-agent tool lists (mcp.yaml), set before the server is built around this transport. */
    public void gate(ToolGate gate) {
        this.gate = gate;
    }

    public ToolGate toolGate() {
        return gate;
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        ToolGate tools = gate;
        this.handler = tools == null ? handler : tools.around(handler);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> closing = true);
    }

    @Override
    public List<String> protocolVersions() {
        return List.of(ProtocolVersions.MCP_2025_11_25, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_03_26);
    }

    /** The platform-http step. */
    public void handle(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, "", String.class);
        String origin = in.getHeader("Origin", String.class);
        String authorization = in.getHeader("Authorization", String.class);
        String accept = in.getHeader("Accept", "", String.class);
        byte[] body = in.getBody(byte[].class);
        in.removeHeaders("*");
        if (!origins.permits(origin)) {
            LOG.warn("MCP request from origin {} refused", origin);
            plain(exchange, 403, "origin not allowed: " + origin + " (see keel.mcp.allowed-origins)");
            return;
        }
        Optional<String> agent = keys.agentFor(AgentKeys.bearer(authorization));
        if (agent.isEmpty()) {
            in.setHeader("WWW-Authenticate", "Bearer realm=\"keel\"");
            plain(exchange, 401, "send your Keel agent key as Authorization: Bearer <key> (keel agents issue <agent>)");
            return;
        }
        if (!"POST".equals(method)) {
            // no server-initiated SSE stream and no sessions to delete: the stateless transport answers 405
            in.setHeader("Allow", "POST");
            plain(exchange, 405, "POST JSON-RPC messages to /mcp");
            return;
        }
        if (closing || handler == null) {
            plain(exchange, 503, closing ? "Keel is shutting down" : "Keel is starting; try again in a moment");
            return;
        }
        if (body != null && body.length > maxBody) {
            plain(exchange, 413, "the request is " + body.length + " bytes, over the limit of " + maxBody);
            return;
        }
        if (!(accept.contains("application/json") && accept.contains("text/event-stream"))) {
            error(exchange, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "Accept must list application/json and text/event-stream");
            return;
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            error(exchange, 400, McpSchema.ErrorCodes.PARSE_ERROR, "not a JSON-RPC 2.0 message: " + e.getMessage());
            return;
        }
        McpTransportContext context = McpTransportContext.create(Map.of(AGENT, agent.get()));
        if (message instanceof McpSchema.JSONRPCRequest request) {
            McpSchema.JSONRPCResponse response = handler.handleRequest(context, request)
                    .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context)).block();
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            in.setHeader(Exchange.CONTENT_TYPE, "application/json");
            in.setBody(SecretMasker.mask(json.writeValueAsString(response)));
        } else if (message instanceof McpSchema.JSONRPCNotification notification) {
            handler.handleNotification(context, notification).contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context)).block();
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
            in.setBody("");
        } else {
            error(exchange, 400, McpSchema.ErrorCodes.INVALID_REQUEST, "send a request or a notification");
        }
    }

    private void error(Exchange exchange, int status, int code, String message) throws IOException {
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json.writeValueAsString(McpError.builder(code).message(message).build()));
    }

    private static void plain(Exchange exchange, int status, String message) {
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        out.setBody(message + "\n");
    }
}
