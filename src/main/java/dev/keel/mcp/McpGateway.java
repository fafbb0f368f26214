package dev.keel.mcp;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keel as an MCP gateway: each server of mcp.yaml connected with the SDK's client, its tools offered behind /mcp
 * as {@code server__tool}, each call forwarded and audited. {@link #check} (on a timer) pings the servers: one that
 * stops answering is marked down with the reason and its tools leave tools/list; it is retried with backoff and its
 * tools come back when it answers. Keel's /mcp is stateless (no stream to push on), so clients learn of the change
 * by listing again: the SDK's stateless server has no notifications/tools/list_changed to send.
 */
public final class McpGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(McpGateway.class);

    private final List<ExternalServer> servers;
    private final Upstream upstream;
    private final McpAudit audit;
    private final Backoff backoff;
    private final Clock clock;
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private volatile McpStatelessSyncServer server;
    private volatile List<KeelTool> own = List.of();

    /** One server's connection and what Keel knows of it. */
    private static final class Link {
        volatile McpSyncClient client;
        volatile ServerHealth health;
        volatile int failures;
        volatile List<String> offered = List.of();
    }

    public McpGateway(List<ExternalServer> servers, Upstream upstream, McpAudit audit, Backoff backoff, Clock clock) {
        this.servers = List.copyOf(servers);
        this.upstream = upstream;
        this.audit = audit;
        this.backoff = backoff;
        this.clock = clock;
        for (ExternalServer s : servers) {
            Link link = new Link();
            link.health = new ServerHealth(s, false, "not connected yet", clock.instant(), List.of(), clock.instant());
            links.put(s.name(), link);
        }
    }

    /** The server the tools are offered on (beside Keel's {@code own}); they are added as servers come up. */
    public void offerOn(McpStatelessSyncServer mcp, List<KeelTool> own) {
        this.own = List.copyOf(own);
        this.server = mcp;
    }

    /** Keel's own tools, as offered on /mcp. */
    public List<KeelTool> own() {
        return own;
    }

    /** Every server's state, by name. */
    public List<ServerHealth> health() {
        return servers.stream().map(s -> links.get(s.name()).health).sorted(Comparator.comparing(h -> h.server().name())).toList();
    }

    /** Whether {@code tool} is an external server's (a prefixed name), as opposed to one of Keel's own. */
    public boolean external(String tool) {
        int at = tool.indexOf(ExternalServer.SEPARATOR);
        return at > 0 && links.containsKey(tool.substring(0, at));
    }

    /** One round: ping the servers that are up, reconnect the down ones whose backoff has passed. Synchronized: one round at a time. */
    public synchronized void check() {
        for (ExternalServer s : servers) {
            Link link = links.get(s.name());
            if (link.client != null) {
                try {
                    refresh(s, link, link.client.listTools());
                } catch (RuntimeException e) {
                    down(s, link, e);
                }
            } else if (!clock.instant().isBefore(link.health.nextAttempt())) {
                connect(s, link);
            }
        }
    }

    private void connect(ExternalServer s, Link link) {
        try {
            McpSyncClient client = upstream.connect(s);
            McpSchema.ListToolsResult tools = client.listTools();
            link.client = client;
            link.failures = 0;
            link.health = new ServerHealth(s, true, "", clock.instant(), List.of(), null);
            refresh(s, link, tools);
            LOG.info("MCP server {} is up ({}): {} tools", s.name(), s.transport(), link.offered.size());
        } catch (RuntimeException e) {
            down(s, link, e);
        }
    }

    /** Offers the server's current tools, replacing those it no longer lists. */
    private void refresh(ExternalServer s, Link link, McpSchema.ListToolsResult listed) {
        List<String> names = listed.tools().stream().map(t -> s.offered(t.name())).toList();
        McpStatelessSyncServer mcp = server;
        if (mcp != null && !names.equals(link.offered)) {
            link.offered.forEach(mcp::removeTool);
            listed.tools().forEach(t -> mcp.addTool(proxy(s, t)));
        }
        link.offered = names;
        ServerHealth was = link.health;
        link.health = new ServerHealth(s, true, "", was.up() ? was.since() : clock.instant(), names, null);
    }

    private void down(ExternalServer s, Link link, RuntimeException e) {
        String reason = reason(e);
        McpSyncClient client = link.client;
        link.client = null;
        if (client != null) {
            client.close();
        }
        McpStatelessSyncServer mcp = server;
        if (mcp != null) {
            link.offered.forEach(mcp::removeTool);
        }
        link.offered = List.of();
        link.failures++;
        Instant next = clock.instant().plus(backoff.after(link.failures));
        boolean wasUp = link.health.up();
        link.health = new ServerHealth(s, false, reason, wasUp ? clock.instant() : link.health.since(), List.of(), next);
        if (wasUp || link.failures == 1) {
            LOG.warn("MCP server {} is down: {}; retrying from {}", s.name(), reason, next);
        }
    }

    private SyncToolSpecification proxy(ExternalServer s, McpSchema.Tool tool) {
        String name = s.offered(tool.name());
        McpSchema.Tool offered = McpSchema.Tool.builder().name(name).title(tool.title())
                .description("[" + s.name() + "] " + (tool.description() == null ? "" : tool.description()))
                .inputSchema(tool.inputSchema()).annotations(tool.annotations()).build();
        return new SyncToolSpecification(offered, (context, request) -> call(s, tool.name(), name, context, request));
    }

    private McpSchema.CallToolResult call(ExternalServer s, String tool, String name, McpTransportContext context,
                                          McpSchema.CallToolRequest request) {
        String agent = String.valueOf(context.get(McpEndpoint.AGENT));
        Instant start = audit.clock().instant();
        String outcome = "ok";
        String detail = s.name();
        try {
            McpSyncClient client = links.get(s.name()).client;
            if (client == null) {
                outcome = "down";
                return failure(name + ": MCP server " + s.name() + " is down (" + links.get(s.name()).health.reason() + "); try later");
            }
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool,
                    request.arguments() == null ? Map.of() : request.arguments()));
            outcome = Boolean.TRUE.equals(result.isError()) ? "error" : "ok";
            return result;
        } catch (io.modelcontextprotocol.spec.McpError e) {
            // the server answered, with a JSON-RPC error: it is up, the call was wrong
            outcome = "error";
            detail = s.name() + ": " + e.getMessage();
            return failure(name + ": " + e.getMessage());
        } catch (RuntimeException e) {
            outcome = "failed";
            detail = s.name() + ": " + reason(e);
            synchronized (this) {
                down(s, links.get(s.name()), e);
            }
            return failure(name + ": MCP server " + s.name() + " did not answer (" + reason(e) + "); its tools are withdrawn until it is back");
        } finally {
            audit.record(agent, name, outcome, Duration.between(start, audit.clock().instant()), detail);
        }
    }

    private static McpSchema.CallToolResult failure(String message) {
        return McpSchema.CallToolResult.builder().isError(true).addTextContent(message).build();
    }

    /** The deepest cause's message: "Connection refused", "request timed out", not a wrapper's. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
        return message.length() > 300 ? message.substring(0, 300) : message;
    }

    @Override
    public void close() {
        List<McpSyncClient> open = new ArrayList<>();
        links.values().forEach(l -> {
            if (l.client != null) {
                open.add(l.client);
                l.client = null;
            }
        });
        open.forEach(McpSyncClient::close);
    }
}
