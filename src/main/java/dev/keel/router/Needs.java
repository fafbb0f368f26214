package dev.keel.router;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * What a call needs of a model (tools, vision, a JSON schema, reasoning), and how that narrows the
 * router's choice: a provider none of whose models can serve the call is passed over with the reason,
 * as an open circuit is, so the router's own fallback picks the next one. Pure.
 */
public final class Needs {

    private Needs() {
    }

    public static Set<Capability> of(ModelGateway.Request request) {
        Set<Capability> needs = EnumSet.noneOf(Capability.class);
        ProviderCalls.Options o = request.options() == null ? ProviderCalls.Options.NONE : request.options();
        if (!o.tools().isEmpty()) {
            needs.add(Capability.TOOLS);
        }
        for (ChatMessage m : request.messages()) { // asked more than once per call: one loop, no streams
            if (toolTurn(m)) {
                needs.add(Capability.TOOLS);
            }
            if (hasImage(m)) {
                needs.add(Capability.VISION);
            }
        }
        if (o.answerFormat() != null && o.answerFormat().schema() != null) {
            needs.add(Capability.JSON_SCHEMA);
        }
        if (o.thinkingBudget() != null) {
            needs.add(Capability.REASONING);
        }
        return needs;
    }

    private static boolean forcesTools(ModelGateway.Request request) {
        ProviderCalls.Options o = request.options();
        return o != null && !o.tools().isEmpty() && o.toolChoice() == dev.langchain4j.model.chat.request.ToolChoice.REQUIRED;
    }

    private static boolean toolTurn(ChatMessage m) {
        return m instanceof ToolExecutionResultMessage || m instanceof AiMessage a && a.hasToolExecutionRequests();
    }

    private static boolean hasImage(ChatMessage m) {
        if (!(m instanceof UserMessage u) || u.hasSingleText()) {
            return false;
        }
        for (dev.langchain4j.data.message.Content c : u.contents()) {
            if (c instanceof ImageContent) {
                return true;
            }
        }
        return false;
    }

    /**
     * The router's state with the providers that cannot serve {@code request} (or that it asks to
     * avoid) marked unavailable; {@code listed} says whether a provider still serves a model.
     */
    static ModelRouter.State state(ModelRouter.State state, RouterConfig config, ModelGateway.Request request,
                                   BiPredicate<String, String> listed) {
        Set<Capability> needs = of(request);
        Map<String, String> unavailable = new HashMap<>(state.unavailable());
        request.avoid().forEach(unavailable::putIfAbsent);
        for (Provider p : config.providers()) {
            boolean pinned = request.pin() != null && request.pin().provider().equals(p.name());
            List<String> listedModels = pinned ? List.of(request.pin().model())
                    : p.models().stream().filter(m -> listed.test(p.name(), m)).toList();
            if (p.type() == Provider.Type.OLLAMA && forcesTools(request)) {
                unavailable.putIfAbsent(p.name(), p.name() + " cannot be made to call a tool (Ollama's /api/chat has no tool_choice)");
            } else if (listedModels.isEmpty() || pinned && !listed.test(p.name(), request.pin().model())) {
                unavailable.putIfAbsent(p.name(), p.name() + " no longer lists " + (pinned ? request.pin().model() : "its configured models")
                        + " (its model list)");
            } else if (listedModels.stream().noneMatch(m -> p.spec(m).supportsAll(needs))) {
                unavailable.putIfAbsent(p.name(), p.name() + " has no model configured for " + labels(needs)
                        + " (providers.yaml supports)");
            }
        }
        return new ModelRouter.State(state.shares(), state.spentTodayUsd(), unavailable, state.guard());
    }

    static ModelRouter.State state(ModelRouter.State state, RouterConfig config, ModelGateway.Request request) {
        return state(state, config, request, (p, m) -> true);
    }

    /**
     * The model of {@code provider} to call: {@code preferred} when it is listed and can serve the
     * request, else its first model that is and can.
     */
    static String model(Provider provider, String preferred, ModelGateway.Request request, BiPredicate<String, String> listed) {
        Set<Capability> needs = of(request);
        if (listed.test(provider.name(), preferred) && provider.spec(preferred).supportsAll(needs)) {
            return preferred;
        }
        return provider.models().stream().filter(m -> listed.test(provider.name(), m) && provider.spec(m).supportsAll(needs))
                .findFirst().orElse(preferred);
    }

    static String model(Provider provider, String preferred, ModelGateway.Request request) {
        return model(provider, preferred, request, (p, m) -> true);
    }

    /** Every enabled provider/model that has all of {@code needs}, for error messages. */
    public static List<String> capableModels(RouterConfig config, Set<Capability> needs) {
        return config.providers().stream().filter(Provider::enabled).flatMap(p -> p.models().stream()
                .filter(m -> p.spec(m).supportsAll(needs)).map(m -> p.name() + "/" + m)).toList();
    }

    public static String labels(Set<Capability> needs) {
        return needs.stream().map(Capability::label).collect(Collectors.joining(" + "));
    }
}
