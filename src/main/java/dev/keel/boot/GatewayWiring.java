package dev.keel.boot;

import dev.keel.gateway.AgentKeys;
import dev.keel.gateway.ChatCompletions;
import dev.keel.gateway.GatewaySettings;
import dev.keel.router.RouterConfig;
import dev.keel.secrets.SecretStore;
import java.time.Clock;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;

/** The agents' OpenAI-compatible surface: agent keys, chatCompletions and its streaming threads. */
final class GatewayWiring {

    private GatewayWiring() {
    }

    /** Binds chatCompletions. */
    static void bind(CamelContext camel, AreaSettings areas, SecretStore secrets, Supplier<RouterConfig> config, Clock clock) {
        GatewaySettings gateway = areas.gateway();
        camel.getRegistry().bind("chatCompletions", new ChatCompletions(
                new AgentKeys(secrets, gateway.agents(), areas.secrets().overlap()),
                config, camel.getExecutorServiceManager().newCachedThreadPool(ChatCompletions.class, "keel-gateway-stream"),
                gateway.maxStreams(), gateway.maxBodyBytes(), areas.router().timeout(), clock));
    }
}
