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
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both agent surfaces (OpenAI's chat completions, Anthropic's messages) do around a call to
 * {@code direct:model-call}: refuse up front what no configured model can serve (images, tools, a
 * schema), fetch images, check a structured answer against its schema and, when it fails, ask the
 * next provider once, and say what a failure means to the agent.
 */
final class GatewayCall {

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

    /** A plain call; a structured answer that does not validate is retried once on the next provider, then refused. */
    ModelGateway.Result call(ProducerTemplate producer, ModelGateway.Request request) throws Refused {
        ModelGateway.Result result = once(producer, request);
        if (request.options().answerFormat() == null || !result.toolCalls().isEmpty()) {
            return result;
        }
        Optional<String> problem = AnswerCheck.problem(result.text(), request.options().answerFormat());
        if (problem.isEmpty()) {
            return result;
        }
        String first = result.provider() + "/" + result.model() + ": " + problem.get();
        if (request.pin() == null) {
            LOG.warn("Structured answer rejected, asking the next provider: {}", first);
            try {
                result = once(producer, request.avoiding(result.provider(), result.provider() + " answered JSON that does not match"
                        + " the requested format"));
                problem = AnswerCheck.problem(result.text(), request.options().answerFormat());
                if (problem.isEmpty()) {
                    return result;
                }
                first = first + "; then " + result.provider() + "/" + result.model() + ": " + problem.get();
            } catch (Refused none) {
                first = first + "; no other provider could take it: " + none.getMessage();
            }
        }
        throw new Refused(502, "server_error", "invalid_structured_output", "The model's answer did not match response_format: " + first);
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
