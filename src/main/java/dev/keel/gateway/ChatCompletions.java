package dev.keel.gateway;

import dev.keel.router.LazyTemplate;
import dev.keel.router.ModelGateway;
import dev.keel.router.ModelRouter;
import dev.keel.router.Provider;
import dev.keel.router.ProviderCalls;
import dev.keel.router.RouterConfig;
import dev.keel.router.Tier;
import dev.keel.router.Usage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.secrets.SecretMasker;
import dev.keel.web.Http;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible gateway for agents: {@code POST /v1/chat/completions} (plain and streamed as
 * server-sent events) and {@code GET /v1/models}. An agent authenticates with its bearer key; the
 * model {@code auto} lets the policy choose, a tier name ({@code local}, {@code reasoning},
 * {@code critical}) pins the tier, and {@code provider/model} pins both. Every call goes through
 * {@code direct:model-call}, so it is routed, limited, costed and recorded like any other. Answers
 * carry OpenAI-shaped usage and the headers x-keel-provider, x-keel-cost-usd and x-keel-route-reason;
 * errors carry OpenAI's error body.
 */
public final class ChatCompletions {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletions.class);
    static final String AUTO = "auto";

    private final AgentKeys keys;
    private final Supplier<RouterConfig> config;
    private final ExecutorService streams;
    private final Semaphore streamSlots;
    private final int maxStreams;
    private final long maxBody;
    private final Duration timeout;
    private final Clock clock;
    private final LazyTemplate template = new LazyTemplate();

    /** A request that cannot be served, with the HTTP status and OpenAI's error type and code. */
    static final class Refused extends Exception {
        final int status;
        final String type;
        final String code;

        Refused(int status, String type, String code, String message) {
            super(message);
            this.status = status;
            this.type = type;
            this.code = code;
        }
    }

    /** The provider that took a streamed call, known before its first token. */
    private record Start(String provider, String model, String reason) {
    }

    public ChatCompletions(AgentKeys keys, Supplier<RouterConfig> config, ExecutorService streams, int maxStreams, long maxBody,
                           Duration timeout, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.streams = streams;
        this.streamSlots = new Semaphore(maxStreams);
        this.maxStreams = maxStreams;
        this.maxBody = maxBody;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** {@code GET /v1/models}: auto, the tiers, and every configured provider/model. */
    public void models(Exchange exchange) {
        Message in = exchange.getMessage();
        Optional<String> agent = keys.agentFor(bearer(in.getHeader("Authorization", String.class)));
        Http.clear(exchange);
        if (agent.isEmpty()) {
            unauthorized(exchange);
            return;
        }
        ObjectNode list = mapper().createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String id : List.of(AUTO, "local", "reasoning", "critical")) {
            data.addObject().put("id", id).put("object", "model").put("created", 0).put("owned_by", "keel");
        }
        for (Provider p : config.get().providers()) {
            if (p.enabled()) {
                for (String model : p.models()) {
                    data.addObject().put("id", p.name() + "/" + model).put("object", "model").put("created", 0).put("owned_by", p.name());
                }
            }
        }
        write(exchange, 200, list);
    }

    /** {@code POST /v1/chat/completions}. */
    public void complete(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String authorization = in.getHeader("Authorization", String.class);
        String kind = in.getHeader("x-keel-kind", String.class);
        byte[] body = in.getBody(byte[].class);
        Http.clear(exchange);
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        try {
            String agent = keys.agentFor(bearer(authorization)).orElse(null);
            if (agent == null) {
                unauthorized(exchange);
                return;
            }
            if (body != null && body.length > maxBody) {
                throw new Refused(413, "invalid_request_error", "request_too_large",
                        "The request body is " + body.length + " bytes, over the gateway's limit of " + maxBody + ".");
            }
            JsonNode root = parse(body);
            ModelGateway.Request request = request(agent, root, kind);
            boolean stream = root.path("stream").asBoolean(false);
            if (stream) {
                stream(exchange, id, request, root.path("stream_options").path("include_usage").asBoolean(false));
            } else {
                plain(exchange, id, request);
            }
        } catch (Refused r) {
            error(exchange, r);
        }
    }

    private void plain(Exchange exchange, String id, ModelGateway.Request request) throws Refused {
        ModelGateway.Result result = call(exchange, request);
        ObjectNode answer = mapper().createObjectNode().put("id", id).put("object", "chat.completion")
                .put("created", clock.instant().getEpochSecond()).put("model", result.provider() + "/" + result.model());
        ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", SecretMasker.maskKeys(result.text()));
        choice.put("finish_reason", finishReason(result.finishReason()));
        usage(answer, result);
        headers(exchange, result.provider(), result.model(), result.tier(), result.reason());
        exchange.getMessage().setHeader("x-keel-cost-usd", String.format(Locale.ROOT, "%.8f", result.costUsd()));
        write(exchange, 200, answer);
    }

    private void stream(Exchange exchange, String id, ModelGateway.Request request, boolean includeUsage) throws Refused {
        if (!streamSlots.tryAcquire()) {
            throw new Refused(503, "server_error", "too_many_streams", "Keel is serving its limit of " + maxStreams
                    + " streamed answers (keel.gateway.max-streams); retry shortly or call without stream.");
        }
        SseBody body = new SseBody();
        long created = clock.instant().getEpochSecond();
        CompletableFuture<Start> started = new CompletableFuture<>();
        ModelGateway.StreamSink sink = new ModelGateway.StreamSink() {
            @Override
            public void started(String provider, String model, String reason) {
                started.complete(new Start(provider, model, reason));
                ObjectNode chunk = chunk(id, created, provider + "/" + model);
                chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta")
                        .put("role", "assistant").put("content", "");
                body.send(chunk.toString());
            }

            @Override
            public void token(String text) {
                Start start = started.getNow(null);
                ObjectNode chunk = chunk(id, created, start.provider() + "/" + start.model());
                chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta")
                        .put("content", SecretMasker.maskKeys(text));
                body.send(chunk.toString());
            }
        };
        ProducerTemplate producer = template.of(exchange);
        Runnable job = () -> {
            try {
                ModelGateway.Result result = producer.requestBody("direct:model-call", request.withSink(sink), ModelGateway.Result.class);
                String model = result.provider() + "/" + result.model();
                ObjectNode last = chunk(id, created, model);
                last.withArray("choices").addObject().put("index", 0).put("finish_reason", finishReason(result.finishReason()))
                        .putObject("delta");
                body.send(last.toString());
                if (includeUsage) {
                    ObjectNode usage = chunk(id, created, model);
                    usage.putArray("choices");
                    usage(usage, result);
                    body.send(usage.toString());
                }
                body.send("[DONE]");
            } catch (RuntimeException e) {
                if (!started.completeExceptionally(e)) {
                    // tokens have gone out: the stream ends with an error event
                    Refused refused = refusal(e);
                    body.send(errorBody(refused).toString());
                    body.send("[DONE]");
                }
            } finally {
                body.end();
                streamSlots.release();
            }
        };
        try {
            streams.execute(job);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            streamSlots.release();
            throw new Refused(503, "server_error", "stopping", "Keel is stopping; retry against another instance or later.");
        }
        Start start;
        try {
            start = started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw refusal(e.getCause());
        } catch (TimeoutException e) {
            body.close();
            throw new Refused(504, "server_error", "timeout", "No provider started answering within " + timeout.toSeconds() + " s.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(503, "server_error", "interrupted", "Keel is stopping.");
        }
        headers(exchange, start.provider(), start.model(), null, start.reason());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        exchange.getMessage().setHeader("Cache-Control", "no-cache");
        exchange.getMessage().setBody(body);
    }

    private ModelGateway.Result call(Exchange exchange, ModelGateway.Request request) throws Refused {
        try {
            return template.of(exchange).requestBody("direct:model-call", request, ModelGateway.Result.class);
        } catch (RuntimeException e) {
            throw refusal(e);
        }
    }

    /** What a failed call means to the agent: 429 for budgets, 503 when no provider could answer, 500 otherwise. */
    private Refused refusal(Throwable e) {
        Throwable cause = e instanceof CamelExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ModelGateway.NoProvider none) {
            return none.budget() ? new Refused(429, "insufficient_quota", "budget_exhausted", none.getMessage())
                    : new Refused(503, "server_error", "no_provider_available", none.getMessage());
        }
        LOG.error("Gateway call failed: {}", SecretMasker.mask(String.valueOf(cause.getMessage())));
        return new Refused(500, "server_error", "internal_error", "Keel could not complete the call: " + cause.getMessage());
    }

    private static JsonNode parse(byte[] body) throws Refused {
        if (body == null || body.length == 0) {
            throw new Refused(400, "invalid_request_error", "invalid_json", "The request body is empty; send a JSON chat completion request.");
        }
        try {
            JsonNode root = mapper().readTree(body);
            if (root == null || !root.isObject()) {
                throw new Refused(400, "invalid_request_error", "invalid_json", "The request body must be a JSON object.");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new Refused(400, "invalid_request_error", "invalid_json",
                    dev.keel.storage.InputMappers.reason("We could not parse the JSON body of your request", e, 0) + ".");
        } catch (java.io.IOException e) {
            throw new Refused(400, "invalid_request_error", "invalid_json", "The request body could not be read: " + e.getMessage());
        }
    }

    private ModelGateway.Request request(String agent, JsonNode root, String kind) throws Refused {
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw new Refused(400, "invalid_request_error", "missing_model",
                    "Name a model: 'auto', a tier (local, reasoning, critical) or provider/model from GET /v1/models.");
        }
        if (root.path("tools").size() > 0 || root.has("functions")) {
            throw new Refused(400, "invalid_request_error", "unsupported_parameter", "Tools are not supported by Keel's gateway.");
        }
        if (root.path("n").asInt(1) != 1) {
            throw new Refused(400, "invalid_request_error", "unsupported_parameter", "Only n = 1 is supported.");
        }
        List<ChatMessage> messages = messages(root.get("messages"));
        Tier tier = null;
        ModelRouter.Pin pin = null;
        String name = model.asText().trim();
        if (!name.equals(AUTO)) {
            tier = tier(name);
            if (tier == null) {
                pin = pin(name);
            }
        }
        Integer maxTokens = root.hasNonNull("max_completion_tokens") ? Integer.valueOf(root.get("max_completion_tokens").asInt())
                : root.hasNonNull("max_tokens") ? Integer.valueOf(root.get("max_tokens").asInt()) : null;
        if (maxTokens != null && maxTokens <= 0) {
            throw new Refused(400, "invalid_request_error", "invalid_value", "max_tokens must be a positive number.");
        }
        Double temperature = root.hasNonNull("temperature") ? root.get("temperature").asDouble() : null;
        return new ModelGateway.Request(agent, messages, kind, tier, maxTokens == null ? 512 : maxTokens, pin,
                new ProviderCalls.Options(temperature, maxTokens), null);
    }

    private static Tier tier(String name) {
        for (Tier t : Tier.values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }

    /** {@code provider/model} (the model may contain slashes itself), or a model only one provider serves. */
    private ModelRouter.Pin pin(String name) throws Refused {
        RouterConfig routing = config.get();
        int slash = name.indexOf('/');
        if (slash > 0) {
            Provider p = routing.provider(name.substring(0, slash));
            String model = name.substring(slash + 1);
            if (p != null && p.models().contains(model)) {
                return new ModelRouter.Pin(p.name(), model);
            }
        }
        List<Provider> serving = routing.providers().stream().filter(p -> p.models().contains(name)).toList();
        if (serving.size() == 1) {
            return new ModelRouter.Pin(serving.get(0).name(), name);
        }
        throw new Refused(404, "invalid_request_error", "model_not_found", "The model '" + name + "' does not exist here."
                + " Use 'auto', a tier (local, reasoning, critical) or one of GET /v1/models.");
    }

    private static List<ChatMessage> messages(JsonNode node) throws Refused {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new Refused(400, "invalid_request_error", "invalid_messages", "'messages' must be a non-empty array.");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String role = m.path("role").asText("");
            String text = content(m.get("content"), i);
            switch (role) {
                case "system", "developer" -> out.add(SystemMessage.from(text));
                case "user" -> out.add(UserMessage.from(text));
                case "assistant" -> out.add(AiMessage.from(text));
                default -> throw new Refused(400, "invalid_request_error", "invalid_role", "messages[" + i + "].role '" + role
                        + "' is not supported; use system, developer, user or assistant.");
            }
        }
        return out;
    }

    private static String content(JsonNode content, int index) throws Refused {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content != null && content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText())) {
                    throw new Refused(400, "invalid_request_error", "unsupported_content", "messages[" + index + "] has a '"
                            + part.path("type").asText() + "' part; only text is supported.");
                }
                text.append(part.path("text").asText());
            }
            return text.toString();
        }
        throw new Refused(400, "invalid_request_error", "invalid_messages", "messages[" + index + "].content must be a string"
                + " or an array of text parts.");
    }

    private static void usage(ObjectNode node, ModelGateway.Result result) {
        Usage u = result.usage();
        long prompt = u.totalInputTokens();
        ObjectNode usage = node.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", u.outputTokens())
                .put("total_tokens", prompt + u.outputTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", u.cachedInputTokens());
        node.put("keel_cost_usd", result.costUsd());
    }

    private static String finishReason(String reason) {
        return switch (reason == null ? "stop" : reason) {
            case "length" -> "length";
            case "content_filter" -> "content_filter";
            case "tool_execution" -> "tool_calls";
            default -> "stop";
        };
    }

    private static ObjectNode chunk(String id, long created, String model) {
        return mapper().createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model);
    }

    private static void headers(Exchange exchange, String provider, String model, Tier tier, String reason) {
        Message out = exchange.getMessage();
        out.setHeader("x-keel-provider", provider);
        out.setHeader("x-keel-model", model);
        if (tier != null) {
            out.setHeader("x-keel-tier", tier.name().toLowerCase(Locale.ROOT));
        }
        out.setHeader("x-keel-route-reason", headerValue(reason));
    }

    /** Header values are ASCII on one line. */
    static String headerValue(String text) {
        String ascii = text.replace('→', '>').replaceAll("[^\\x20-\\x7e]", "?");
        return ascii.length() > 512 ? ascii.substring(0, 511) + "~" : ascii;
    }

    private void unauthorized(Exchange exchange) {
        String message = keys.agents().isEmpty()
                ? "No agent keys are configured: name agents in keel.gateway.agents and issue keys with 'keel agents issue <name>'."
                : "Incorrect or missing API key: send 'Authorization: Bearer <key>' with a key issued to your agent.";
        exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        error(exchange, new Refused(401, "invalid_request_error", "invalid_api_key", message));
    }

    private void error(Exchange exchange, Refused refused) {
        if (refused.status == 429) {
            exchange.getMessage().setHeader("Retry-After", String.valueOf(secondsToMidnight()));
        }
        write(exchange, refused.status, errorBody(refused));
    }

    private static ObjectNode errorBody(Refused refused) {
        ObjectNode body = mapper().createObjectNode();
        body.putObject("error").put("message", SecretMasker.mask(refused.getMessage())).put("type", refused.type).putNull("param")
                .put("code", refused.code);
        return body;
    }

    /** Budgets are daily: a 429 for a budget says when the next day starts. */
    private long secondsToMidnight() {
        ZoneId zone = ZoneId.systemDefault();
        return Math.max(1, Duration.between(clock.instant(), LocalDate.ofInstant(clock.instant(), zone).plusDays(1)
                .atStartOfDay(zone).toInstant()).toSeconds());
    }

    private static void write(Exchange exchange, int status, JsonNode body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body.toString());
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static ObjectMapper mapper() {
        return Http.mapper();
    }
}
