package dev.keel.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.router.ModelGateway;
import dev.keel.router.Provider;
import dev.keel.router.RouterConfig;
import dev.keel.web.Http;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The OpenAI-compatible gateway for agents: {@code POST /v1/chat/completions} (plain and streamed as
 * server-sent events, with tools, structured output, images and reasoning) and {@code GET /v1/models}.
 * An agent authenticates with its bearer key; the model {@code auto} lets the policy choose, a tier
 * name ({@code local}, {@code reasoning}, {@code critical}) pins the tier, and {@code provider/model}
 * pins both. Every call goes through {@code direct:model-call}, so it is routed, limited, costed and
 * recorded like any other. Answers carry OpenAI-shaped usage and the headers x-keel-provider,
 * x-keel-cost-usd and x-keel-route-reason; errors carry OpenAI's error body.
 */
public final class ChatCompletions {

    private static final String ANSWER_ID = "KeelAgentAnswerId";
    private static final String CREATED = "KeelAgentCreated";

    private final AgentKeys keys;
    private final Supplier<RouterConfig> config;
    private final GatewayCall calls;
    private final StreamRunner streams;
    private final long maxBody;
    private final Clock clock;

    ChatCompletions(AgentKeys keys, Supplier<RouterConfig> config, GatewayCall calls, StreamRunner streams, long maxBody, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.calls = calls;
        this.streams = streams;
        this.maxBody = maxBody;
        this.clock = clock;
    }

    /** {@code GET /v1/models}: auto, the tiers, and every configured provider/model. */
    public void models(Exchange exchange) {
        Message in = exchange.getMessage();
        Optional<String> agent = keys.agentFor(AgentKeys.bearer(in.getHeader("Authorization", String.class)));
        Http.clear(exchange);
        if (agent.isEmpty()) {
            unauthorized(exchange);
            return;
        }
        ObjectNode list = Http.mapper().createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String id : List.of(OpenAiRequest.AUTO, "local", "reasoning", "critical")) {
            data.addObject().put("id", id).put("object", "model").put("created", 0).put("owned_by", "keel");
        }
        for (Provider p : config.get().providers()) {
            if (p.enabled()) {
                for (String model : p.models()) {
                    data.addObject().put("id", p.name() + "/" + model).put("object", "model").put("created", 0).put("owned_by", p.name());
                }
            }
        }
        GatewayHttp.write(exchange, 200, list);
    }

    /**
     * {@code POST /v1/chat/completions}, step read: the agent's key and request. A plain call goes on to
     * {@code direct:model-call} in the route ({@link GatewayCall#CALL}); a stream is started here; a refusal is written.
     */
    public void read(Exchange exchange) {
        Message in = exchange.getMessage();
        String authorization = in.getHeader("Authorization", String.class);
        String kind = in.getHeader("x-keel-kind", String.class);
        byte[] body = in.getBody(byte[].class);
        Http.clear(exchange);
        exchange.setProperty(GatewayCall.CALL, false);
        String id = "chatcmpl-" + dev.keel.ledger.CallIds.hex();
        try {
            String agent = keys.agentFor(AgentKeys.bearer(authorization)).orElse(null);
            if (agent == null) {
                unauthorized(exchange);
                return;
            }
            OpenAiRequest.Parsed parsed = OpenAiRequest.parse(GatewayHttp.parse(body, maxBody), agent, kind, config.get());
            ModelGateway.Request request = calls.prepare(parsed.request());
            long created = clock.instant().getEpochSecond();
            if (parsed.stream()) {
                GatewayHttp.streamHeaders(exchange, streams.run(exchange, calls, request, new ChatStream(id, created, parsed.includeUsage())));
                return;
            }
            exchange.setProperty(ANSWER_ID, id);
            exchange.setProperty(CREATED, created);
            GatewayHttp.plainCall(exchange, request);
        } catch (Refused r) {
            error(exchange, r);
        }
    }

    /** Step answer: the completion, or the refusal the call ended in. */
    public void answer(Exchange exchange) {
        ModelGateway.Result result = GatewayHttp.answered(exchange, this::error);
        if (result != null) {
            GatewayHttp.write(exchange, 200, ChatWire.completion(exchange.getProperty(ANSWER_ID, String.class),
                    exchange.getProperty(CREATED, Long.class), result));
        }
    }

    private void unauthorized(Exchange exchange) {
        String message = keys.agents().isEmpty()
                ? "No agent keys are configured: name agents in keel.gateway.agents and issue keys with 'keel agents issue <name>'."
                : "Incorrect or missing API key: send 'Authorization: Bearer <key>' with a key issued to your agent.";
        exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        error(exchange, new Refused(401, "invalid_request_error", "invalid_api_key", message));
    }

    private void error(Exchange exchange, Refused refused) {
        GatewayHttp.retryAfter(exchange, refused, clock);
        GatewayHttp.write(exchange, refused.status, ChatWire.error(refused));
    }
}
