package dev.keel.gateway;

import dev.keel.router.ModelGateway;
import dev.keel.router.RouterConfig;
import dev.keel.web.Http;
import java.time.Clock;
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

    private static final String ANSWER_ID = "KeelAgentAnswerId";

    private final AgentKeys keys;
    private final Supplier<RouterConfig> config;
    private final GatewayCall calls;
    private final StreamRunner streams;
    private final long maxBody;
    private final Clock clock;

    MessagesApi(AgentKeys keys, Supplier<RouterConfig> config, GatewayCall calls, StreamRunner streams, long maxBody, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.calls = calls;
        this.streams = streams;
        this.maxBody = maxBody;
        this.clock = clock;
    }

    /** {@code POST /v1/messages}, step read: as {@link ChatCompletions#read}, in Anthropic's shapes. */
    public void read(Exchange exchange) {
        Message in = exchange.getMessage();
        String apiKey = in.getHeader("x-api-key", String.class);
        String presented = apiKey != null && !apiKey.isBlank() ? apiKey.trim() : AgentKeys.bearer(in.getHeader("Authorization", String.class));
        String kind = in.getHeader("x-keel-kind", String.class);
        byte[] body = in.getBody(byte[].class);
        Http.clear(exchange);
        exchange.setProperty(GatewayCall.CALL, false);
        String id = "msg_" + dev.keel.ledger.CallIds.hex();
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
                GatewayHttp.streamHeaders(exchange, streams.run(exchange, calls, request, new AnthropicStream(id)));
                return;
            }
            exchange.setProperty(ANSWER_ID, id);
            GatewayHttp.plainCall(exchange, request);
        } catch (Refused r) {
            error(exchange, r);
        }
    }

    /** Step answer: the message, or the refusal the call ended in. */
    public void answer(Exchange exchange) {
        ModelGateway.Result result = GatewayHttp.answered(exchange, this::error);
        if (result != null) {
            GatewayHttp.write(exchange, 200, AnthropicWire.message(exchange.getProperty(ANSWER_ID, String.class), result));
        }
    }

    private void error(Exchange exchange, Refused refused) {
        GatewayHttp.retryAfter(exchange, refused, clock);
        GatewayHttp.write(exchange, refused.status, AnthropicWire.error(refused));
    }
}
