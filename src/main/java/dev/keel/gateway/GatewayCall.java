package dev.keel.gateway;

import dev.keel.router.Capability;
import dev.keel.router.ModelGateway;
import dev.keel.router.Needs;
import dev.keel.router.Provider;
import dev.keel.router.RouterConfig;
import dev.keel.secrets.SecretMasker;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both agent surfaces (OpenAI's chat completions, Anthropic's messages) do around a call to
 * {@code direct:model-call}: refuse up front what no configured model can serve (images, tools, a
 * schema), fetch images, check a structured answer against its schema and, when it fails, ask the
 * next provider once, and say what a failure means to the agent. Bound as {@code agentCall}: its steps
 * {@code check} and {@code failed} run in the agent routes around {@code to: direct:model-call}.
 */
public final class GatewayCall {

    /** Exchange properties of the agent routes: the request, whether a plain call is to be made, a second try, the refusal. */
    static final String REQUEST = "KeelAgentRequest";
    static final String CALL = "KeelAgentCall";
    static final String AGAIN = "KeelAgentAgain";
    static final String PROBLEM = "KeelAgentProblem";
    static final String REFUSED = "KeelAgentRefused";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayCall.class);

    private final Supplier<RouterConfig> config;
    private final ImageFetcher images;

    GatewayCall(Supplier<RouterConfig> config, ImageFetcher images) {
        this.config = config;
        this.images = images;
    }

    /** The request ready to route: every need met by some model it may go to, images fetched. */
    ModelGateway.Request prepare(ModelGateway.Request request) throws Refused {
        Set<Capability> needs = request.needs();
        if (needs.isEmpty()) {
            return request;
        }
        RouterConfig routing = config.get();
        List<String> capable = Needs.capableModels(routing, needs);
        String what = needs.contains(Capability.VISION) && needs.size() == 1 ? "take images" : "support " + Needs.labels(needs);
        String these = capable.isEmpty() ? "none is configured to (set 'supports' per model in providers.yaml)"
                : "these can: " + String.join(", ", capable);
        if (request.pin() != null) {
            Provider p = routing.provider(request.pin().provider());
            if (!p.spec(request.pin().model()).supportsAll(needs)) {
                throw Refused.invalid("model_not_capable", p.name() + "/" + request.pin().model() + " cannot " + what + "; " + these + ".");
            }
        } else if (capable.isEmpty() || request.tier() != null && capable.stream().map(m -> routing.provider(m.substring(0, m.indexOf('/'))))
                .noneMatch(p -> p.tier() == request.tier())) {
            throw Refused.invalid("model_not_capable", "This request needs a model that can " + what
                    + (request.tier() == null ? "" : " in the " + request.tier().name().toLowerCase(java.util.Locale.ROOT) + " tier") + "; "
                    + these + ".");
        }
        if (!needs.contains(Capability.VISION)) {
            return request;
        }
        return new ModelGateway.Request(request.caller(), images.resolve(request.messages()), request.kind(), request.tier(),
                request.maxOutputTokens(), request.pin(), request.options(), request.sink(), request.avoid());
    }

    /** A plain call made here (a stream's whole answer); a structured answer that does not validate is retried once on the next provider, then refused. */
    ModelGateway.Result call(ProducerTemplate producer, ModelGateway.Request request) throws Refused {
        ModelGateway.Result result = once(producer, request);
        Optional<Again> again = judge(request, result, null);
        if (again.isEmpty()) {
            return result;
        }
        try {
            result = once(producer, again.get().request());
        } catch (Refused none) {
            throw notTaken(again.get().problem(), none);
        }
        judge(again.get().request(), result, again.get().problem());
        return result;
    }

    /** Step check, after {@code direct:model-call}: the answer stands, or the request goes once more to the next provider ({@link #AGAIN}). */
    public void check(Exchange exchange) throws Refused {
        ModelGateway.Result result = exchange.getMessage().getBody(ModelGateway.Result.class);
        String earlier = exchange.getProperty(PROBLEM, String.class);
        Optional<Again> again = judge(exchange.getProperty(REQUEST, ModelGateway.Request.class), result, earlier);
        exchange.setProperty(AGAIN, again.isPresent());
        if (again.isPresent()) {
            exchange.setProperty(PROBLEM, again.get().problem());
            exchange.setProperty(REQUEST, again.get().request());
            exchange.getMessage().setBody(again.get().request());
        }
    }

    /** Step refusal, in the route's doCatch: what the failure means to the agent, in {@link #REFUSED}. */
    public void failed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Refused checked = e instanceof Refused r ? r : e != null && e.getCause() instanceof Refused r ? r : null;
        String earlier = exchange.getProperty(PROBLEM, String.class);
        if (checked != null) {
            exchange.setProperty(REFUSED, checked);
        } else {
            exchange.setProperty(REFUSED, earlier == null ? refusal(e) : notTaken(earlier, refusal(e)));
        }
    }

    /** The next provider's request when a structured answer failed its schema for the first time. */
    record Again(ModelGateway.Request request, String problem) {
    }

    /** Empty: the answer stands; an {@link Again}: ask the next provider; thrown: no valid answer after {@code earlier}. */
    private static Optional<Again> judge(ModelGateway.Request request, ModelGateway.Result result, String earlier) throws Refused {
        if (request.options().answerFormat() == null || earlier == null && !result.toolCalls().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> problem = AnswerCheck.problem(result.text(), request.options().answerFormat());
        if (problem.isEmpty()) {
            return Optional.empty();
        }
        String found = result.provider() + "/" + result.model() + ": " + problem.get();
        if (earlier == null && request.pin() == null) {
            LOG.warn("Structured answer rejected, asking the next provider: {}", found);
            return Optional.of(new Again(request.avoiding(result.provider(), result.provider() + " answered JSON that does not match"
                    + " the requested format"), found));
        }
        throw unstructured(earlier == null ? found : earlier + "; then " + found);
    }

    private static Refused notTaken(String earlier, Refused none) {
        return unstructured(earlier + "; no other provider could take it: " + none.getMessage());
    }

    private static Refused unstructured(String problems) {
        return new Refused(502, "server_error", "invalid_structured_output", "The model's answer did not match response_format: " + problems);
    }

    private ModelGateway.Result once(ProducerTemplate producer, ModelGateway.Request request) throws Refused {
        try {
            return producer.requestBody("direct:model-call", request, ModelGateway.Result.class);
        } catch (RuntimeException e) {
            throw refusal(e);
        }
    }

    /** What a failed call means to the agent: 429 for budgets, 503 when no provider could answer, 500 otherwise. */
    Refused refusal(Throwable e) {
        Throwable cause = e instanceof CamelExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ModelGateway.NoProvider none) {
            return none.budget() ? new Refused(429, "insufficient_quota", "budget_exhausted", none.getMessage())
                    : new Refused(503, "server_error", "no_provider_available", none.getMessage());
        }
        LOG.error("Gateway call failed: {}", SecretMasker.mask(String.valueOf(cause.getMessage())));
        return new Refused(500, "server_error", "internal_error", "Keel could not complete the call: " + cause.getMessage());
    }
}
