package dev.keel.boot;

import dev.keel.gateway.AgentKeys;
import dev.keel.gateway.AgentSurfaces;
import dev.keel.gateway.ChatCompletions;
import dev.keel.gateway.GatewaySettings;
import dev.keel.router.RouterConfig;
import dev.keel.secrets.SecretStore;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;

/** The agents' surfaces: agent keys, chatCompletions (OpenAI), messagesApi (Anthropic) and their agentCall steps over one pool of streaming threads. */
final class GatewayWiring {

    private GatewayWiring() {
    }

    /** Binds chatCompletions, messagesApi and agentCall (the steps around a plain call). */
    static void bind(CamelContext camel, AreaSettings areas, SecretStore secrets, Supplier<RouterConfig> config, Clock clock) {
        GatewaySettings gateway = areas.gateway();
        AgentSurfaces surfaces = AgentSurfaces.create(new AgentKeys(secrets, gateway.agents(), areas.secrets().overlap()), config,
                camel.getExecutorServiceManager().newCachedThreadPool(ChatCompletions.class, "keel-gateway-stream"), gateway,
                areas.router().timeout(), clock);
        camel.getRegistry().bind("chatCompletions", surfaces.chatCompletions());
        camel.getRegistry().bind("messagesApi", surfaces.messages());
        camel.getRegistry().bind("agentCall", surfaces.calls());
        Steps.bind(camel, "chatCompletions", Map.of("read", surfaces.chatCompletions()::read, "answer", surfaces.chatCompletions()::answer));
        Steps.bind(camel, "messagesApi", Map.of("read", surfaces.messages()::read, "answer", surfaces.messages()::answer));
        Steps.bind(camel, "agentCall", Map.of("check", surfaces.calls()::check, "failed", surfaces.calls()::failed));
    }
}
