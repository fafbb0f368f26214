package dev.keel.gateway;

import dev.keel.router.LazyTemplate;
import dev.keel.router.ModelGateway;
import dev.keel.router.RouterConfig;
import dev.keel.web.Http;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Anthropic's Messages API for agents built on the Anthropic SDK: {@code POST /v1/messages}, plain and
 * streamed with Anthropic's event names, routed, limited and costed through {@code direct:model-call}
 * like every call, whichever provider answers. The agent's key comes as {@code x-api-key} (the SDK's
 * default) or as a bearer token. Model names are Keel's: auto, a tier, provider/model or a model only
 * one provider serves.
 */
public final class MessagesApi {

    private final AgentKeys keys;
    private final Supplier<RouterConfig> config;
    private final GatewayCall calls;
    private final StreamRunner streams;
    private final long maxBody;
    private final Clock clock;
    private final LazyTemplate template = new LazyTemplate();

    MessagesApi(AgentKeys keys, Supplier<RouterConfig> config, GatewayCall calls, StreamRunner streams, long maxBody, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.calls = calls;
        this.streams = streams;
        this.maxBody = maxBody;
        this.clock = clock;
    }

    /** {@code POST /v1/messages}. */
    public void create(Exchange exchange) {
        Message in = exchange.getMessage();
        String apiKey = in.getHeader("x-api-key", String.class);
        String presented = apiKey != null && !apiKey.isBlank() ? apiKey.trim() : GatewayHttp.bearer(in.getHeader("Authorization", String.class));
        String kind = in.getHeader("x-keel-kind", String.class);
        byte[] body = in.getBody(byte[].class);
        Http.clear(exchange);
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        try {
            String agent = keys.agentFor(presented).orElse(null);
            if (agent == null) {
                throw new Refused(401, "authentication_error", "invalid_api_key", keys.agents().isEmpty()
                        ? "No agent keys are configured: name agents in keel.gateway.agents and issue keys with 'keel agents issue <name>'."
                        : "invalid x-api-key: send a key issued to your agent as x-api-key or 'Authorization: Bearer <key>'.");
            }
            OpenAiRequest.Parsed parsed = AnthropicRequest.parse(GatewayHttp.parse(body, maxBody), agent, kind, config.get());
            ModelGateway.Request request = calls.prepare(parsed.request());
            if (parsed.stream()) {
                GatewayHttp.streamHeaders(exchange, streams.run(template.of(exchange), calls, request, new AnthropicStream(id)));
                return;
            }
            ModelGateway.Result result = calls.call(template.of(exchange), request);
            GatewayHttp.headers(exchange, result.provider(), result.model(), result.tier(), result.reason());
            GatewayHttp.costHeader(exchange, result.costUsd());
            GatewayHttp.write(exchange, 200, AnthropicWire.message(id, result));
        } catch (Refused r) {
            GatewayHttp.retryAfter(exchange, r, clock);
            GatewayHttp.write(exchange, r.status, AnthropicWire.error(r));
        }
    }
}
