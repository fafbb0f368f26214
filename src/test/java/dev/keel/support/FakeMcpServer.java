package dev.keel.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * An external MCP server for the gateway tests, built with the SDK's own server classes (McpServer.sync, stateless)
 * on the JDK's HttpServer: POST JSON-RPC in, one JSON answer out, 401 without the expected bearer key. It can be
 * stopped and started again on the same port, as a server that goes down and comes back.
 */
public final class FakeMcpServer implements McpStatelessServerTransport, AutoCloseable {

    private final McpJsonMapper json = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());
    private final String bearer;
    private final int port;
    private final McpStatelessSyncServer mcp;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile McpStatelessServerHandler handler;
    private HttpServer http;

    /** Serves tools that answer with their name and arguments; {@code names} are the tools it lists. */
    public FakeMcpServer(String bearer, String... names) throws IOException {
        this.bearer = bearer;
        this.port = RunningKeel.freePort();
        McpServer.StatelessSyncSpecification spec = McpServer.sync(this).serverInfo("fake-external", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build()).jsonMapper(json)
                .jsonSchemaValidator(new dev.keel.mcp.SchemaValidator());
        List<SyncToolSpecification> tools = new java.util.ArrayList<>();
        for (String name : names) {
            McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description("Fake " + name)
                    .inputSchema(json, "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}").build();
            tools.add(new SyncToolSpecification(tool, (ctx, request) -> {
                calls.add(name + " " + request.arguments());
                return McpSchema.CallToolResult.builder().addTextContent(name + " answered " + request.arguments()).build();
            }));
        }
        this.mcp = spec.tools(tools).build();
        start();
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    /** The calls that reached the server's tools, "name {arguments}". */
    public List<String> calls() {
        return calls;
    }

    public synchronized void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        http.createContext("/mcp", this::serve);
        http.start();
    }

    public synchronized void stop() {
        http.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + bearer).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "text/plain", "no key");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "POST only");
                return;
            }
            McpSchema.JSONRPCMessage message = McpSchema.deserializeJsonRpcMessage(json,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            McpTransportContext context = McpTransportContext.create(Map.of());
            if (message instanceof McpSchema.JSONRPCRequest request) {
                McpSchema.JSONRPCResponse response = handler.handleRequest(context, request)
                        .contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
                send(exchange, 200, "application/json", json.writeValueAsString(response));
            } else {
                handler.handleNotification(context, (McpSchema.JSONRPCNotification) message)
                        .contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
                exchange.sendResponseHeaders(202, -1);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler handler) {
        this.handler = handler;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    /** Stops serving (the SDK server calls this too, as its transport's close). */
    @Override
    public void close() {
        stop();
    }
}
