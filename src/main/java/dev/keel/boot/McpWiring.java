package dev.keel.boot;

import dev.keel.content.PromptStore;
import dev.keel.export.Exporter;
import dev.keel.gateway.AgentKeys;
import dev.keel.guard.ResourceGuard;
import dev.keel.legal.LegalQueries;
import dev.keel.mcp.ExportTool;
import dev.keel.mcp.KeelMcpServer;
import dev.keel.mcp.KeelPrompts;
import dev.keel.mcp.KeelResources;
import dev.keel.mcp.KeelTool;
import dev.keel.mcp.KeelTools;
import dev.keel.mcp.McpAudit;
import dev.keel.mcp.McpEndpoint;
import dev.keel.mcp.Backoff;
import dev.keel.mcp.McpGateway;
import dev.keel.mcp.McpGatewayConfig;
import dev.keel.mcp.McpReport;
import dev.keel.mcp.McpSettings;
import dev.keel.mcp.ToolGate;
import dev.keel.mcp.Upstream;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import dev.keel.mcp.McpTools;
import dev.keel.mcp.OriginPolicy;
import dev.keel.secrets.SecretStore;
import dev.keel.storage.StorageLayout;
import dev.keel.web.Inboxes;
import dev.keel.web.TaskStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;

/** Keel as an MCP server (issue #19): the {@code mcpEndpoint} bean behind {@code /mcp} (routes/agent-gateway.camel.yaml). */
final class McpWiring {

    private McpWiring() {
    }

    /** Binds mcpEndpoint; the server behind it is built once the database is up, since the prompt bank records versions there. */
    static void bind(CamelContext camel, KeelSettings settings, AreaSettings areas, StorageWiring.Storage storage, SecretStore secrets,
                     RouterWiring.Router router, ResourceGuard guard, MeterRegistry meters, Exporter exporter,
                     Clock clock) throws Exception {
        McpJsonMapper json = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());
        McpEndpoint endpoint = new McpEndpoint(new AgentKeys(secrets, areas.gateway().agents(), areas.secrets().overlap()),
                new OriginPolicy(java.util.Arrays.stream(settings.text("keel.mcp.allowed-origins").split(","))
                        .map(String::strip).filter(o -> !o.isEmpty()).toList()), json, areas.gateway().maxBodyBytes());
        camel.getRegistry().bind("mcpEndpoint", endpoint);
        StorageLayout layout = areas.storage();
        McpAudit audit = new McpAudit(storage.database()::dataSource, meters, clock);
        McpGateway gateway = gateway(camel, settings, secrets, json, audit, endpoint, clock);
        camel.addStartupListener((context, alreadyStarted) -> {
            if (alreadyStarted) {
                return;
            }
            Inboxes inboxes = new Inboxes(context);
            PromptStore prompts = new PromptStore(areas.content().prompts(), storage.database()::dataSource, clock);
            List<KeelTool> tools = new ArrayList<>(new KeelTools(new KeelTools.Parts(layout, inboxes, status(context, inboxes, layout, secrets, clock),
                    router.config(), router.ledger(), guard, new LegalQueries(storage.database()::dataSource), prompts, clock)).all());
            tools.add(new ExportTool(exporter, layout).tool());
            McpStatelessSyncServer server = KeelMcpServer.build(endpoint, json, new McpTools(json, audit), tools,
                    new KeelPrompts(areas.content().prompts(), prompts), new KeelResources(layout.ops()), areas.router().timeout());
            gateway.offerOn(server, tools);
            ServerSettings servers = areas.servers();
            McpReport.State state = new McpReport.State("http://" + servers.httpHost() + ":" + servers.httpPort() + "/mcp", tools,
                    List.of(), areas.gateway().agents(), endpoint.toolGate(), clock.instant());
            Path report = layout.opsFile("configs", "MCP.md");
            // one round at start (servers connected, MCP.md written), then every keel.mcp.check-interval, off the start-up path
            Duration every = McpSettings.from(settings).checkInterval();
            context.getExecutorServiceManager().newSingleThreadScheduledExecutor(gateway, "keel-mcp-gateway").scheduleWithFixedDelay(() -> {
                try {
                    gateway.check();
                    McpReport.write(report, new McpReport.State(state.url(), state.own(), gateway.health(), state.agents(), state.gate(),
                            clock.instant()));
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(McpGateway.class).warn("MCP gateway check failed: {}", e.getMessage());
                }
            }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /**
     * The gateway of ops/configs/mcp.yaml (bound as mcpGateway) with its per-agent tool gate on the endpoint. A down
     * server is retried after one check interval, doubling up to ten.
     */
    private static McpGateway gateway(CamelContext camel, KeelSettings settings, SecretStore secrets, McpJsonMapper json, McpAudit audit,
                                      McpEndpoint endpoint, Clock clock) throws Exception {
        McpSettings mcp = McpSettings.from(settings);
        McpGatewayConfig config = McpGatewayConfig.load(mcp.gatewayFile());
        McpGateway gateway = new McpGateway(config.servers(), new Upstream(secrets, json), audit,
                new Backoff(mcp.checkInterval(), mcp.checkInterval().multipliedBy(10)), clock);
        endpoint.gate(new ToolGate(config.access(), gateway::external, json, audit));
        camel.getRegistry().bind("mcpGateway", gateway);
        Closing.onStop(camel, gateway);
        return gateway;
    }

    /** The running taskStatus bean (WebWiring's, with its status tokens); one of the same kind when the web surface is off. */
    private static TaskStatus status(CamelContext context, Inboxes inboxes, StorageLayout layout, SecretStore secrets, Clock clock) {
        TaskStatus bound = context.getRegistry().lookupByNameAndType("taskStatus", TaskStatus.class);
        return bound != null ? bound : new TaskStatus(inboxes, layout, dev.keel.web.TaskTokens.from(secrets), clock);
    }
}
