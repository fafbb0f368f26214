package dev.keel.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.router.AnswerFormat;
import dev.keel.router.ModelGateway;
import dev.keel.router.ModelRouter;
import dev.keel.router.Provider;
import dev.keel.router.ProviderCalls;
import dev.keel.router.RouterConfig;
import dev.keel.router.Tier;
import dev.keel.router.ToolSchemas;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.ToolChoice;
import java.util.ArrayList;
import java.util.List;

/**
 * An OpenAI chat completion request as Keel's {@link ModelGateway.Request} (pure: JSON and the
 * providers in, a request or a refusal out). {@code tools} become langchain4j tool specifications;
 * {@code tool_choice} auto, none and required map to langchain4j's ToolChoice, and a named function,
 * which langchain4j has no per-request form for, becomes "required" with only that tool offered.
 */
final class OpenAiRequest {

    static final String AUTO = "auto";
    /** Output a call may use when the caller sets no limit, for routing and TPM estimates. */
    static final int DEFAULT_OUTPUT = 512;

    private OpenAiRequest() {
    }

    /** What the gateway needs besides the request: whether to stream and to send a usage chunk. */
    record Parsed(ModelGateway.Request request, boolean stream, boolean includeUsage) {
    }

    static Parsed parse(JsonNode root, String agent, String kind, RouterConfig config) throws Refused {
        String name = model(root);
        if (root.has("functions") || root.has("function_call")) {
            throw Refused.invalid("unsupported_parameter", "'functions' and 'function_call' are OpenAI's retired form; send 'tools'"
                    + " and 'tool_choice'.");
        }
        if (root.path("n").asInt(1) != 1) {
            throw Refused.invalid("unsupported_parameter", "Only n = 1 is supported.");
        }
        Integer maxTokens = root.hasNonNull("max_completion_tokens") ? Integer.valueOf(root.get("max_completion_tokens").asInt())
                : root.hasNonNull("max_tokens") ? Integer.valueOf(root.get("max_tokens").asInt()) : null;
        if (maxTokens != null && maxTokens <= 0) {
            throw Refused.invalid("invalid_value", "max_tokens must be a positive number.");
        }
        Double temperature = root.hasNonNull("temperature") ? root.get("temperature").asDouble() : null;
        List<ToolSpecification> tools = tools(root.path("tools"));
        ToolChoice choice = null;
        JsonNode tc = root.get("tool_choice");
        if (tc != null && !tc.isNull()) {
            if (tc.isTextual()) {
                choice = switch (tc.asText()) {
                    case "auto" -> ToolChoice.AUTO;
                    case "none" -> ToolChoice.NONE;
                    case "required" -> ToolChoice.REQUIRED;
                    default -> throw Refused.invalid("invalid_value", "tool_choice '" + tc.asText()
                            + "' is not one of auto, none, required or {\"type\":\"function\",\"function\":{\"name\":...}}.");
                };
            } else {
                tools = named(tools, tc.path("function").path("name").asText(""));
                choice = ToolChoice.REQUIRED;
            }
        }
        Boolean parallel = root.path("parallel_tool_calls").isBoolean() ? root.get("parallel_tool_calls").asBoolean() : null;
        ProviderCalls.Options options = new ProviderCalls.Options(temperature, maxTokens, tools, choice, parallel,
                answerFormat(root.path("response_format")), thinking(root));
        Tier tier = AUTO.equals(name) ? null : tier(name);
        ModelRouter.Pin pin = AUTO.equals(name) || tier != null ? null : pin(name, config);
        ModelGateway.Request request = new ModelGateway.Request(agent, OpenAiMessages.parse(root.get("messages")), kind, tier,
                maxTokens == null ? DEFAULT_OUTPUT : maxTokens, pin, options, null);
        return new Parsed(request, root.path("stream").asBoolean(false), root.path("stream_options").path("include_usage").asBoolean(false));
    }

    static String model(JsonNode root) throws Refused {
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw Refused.invalid("missing_model", "Name a model: 'auto', a tier (local, reasoning, critical) or provider/model from"
                    + " GET /v1/models.");
        }
        return model.asText().trim();
    }

    private static List<ToolSpecification> tools(JsonNode node) throws Refused {
        List<ToolSpecification> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode tool = node.get(i);
            if (!"function".equals(tool.path("type").asText("function"))) {
                throw Refused.invalid("unsupported_parameter", "tools[" + i + "] is a '" + tool.path("type").asText()
                        + "' tool; Keel passes on function tools.");
            }
            JsonNode f = tool.path("function");
            out.add(tool(f.path("name").asText(""), f.path("description").asText(null), f.get("parameters"), "tools[" + i + "]"));
        }
        return out;
    }

    static ToolSpecification tool(String name, String description, JsonNode parameters, String where) throws Refused {
        if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
            throw Refused.invalid("invalid_value", where + " needs a name of 1-64 letters, digits, _ or -.");
        }
        if (parameters != null && !parameters.isNull() && !"object".equals(parameters.path("type").asText("object"))) {
            throw Refused.invalid("invalid_value", where + " parameters must be a JSON Schema of type object.");
        }
        return ToolSpecification.builder().name(name).description(description).parameters(ToolSchemas.object(parameters)).build();
    }

    static List<ToolSpecification> named(List<ToolSpecification> tools, String name) throws Refused {
        List<ToolSpecification> only = tools.stream().filter(t -> t.name().equals(name)).toList();
        if (only.isEmpty()) {
            throw Refused.invalid("invalid_value", "tool_choice names the function '" + name + "', which is not in 'tools'.");
        }
        return only;
    }

    private static AnswerFormat answerFormat(JsonNode format) throws Refused {
        String type = format.path("type").asText("text");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> AnswerFormat.anyObject();
            case "json_schema" -> {
                JsonNode spec = format.path("json_schema");
                if (!spec.path("schema").isObject()) {
                    throw Refused.invalid("invalid_value", "response_format.json_schema.schema must be a JSON Schema object.");
                }
                yield new AnswerFormat(spec.path("name").asText("answer"), spec.get("schema").toString(), spec.path("strict").asBoolean(false));
            }
            default -> throw Refused.invalid("invalid_value", "response_format.type '" + type + "' is not one of text, json_object,"
                    + " json_schema.");
        };
    }

    /** Anthropic-style {@code thinking: {type: enabled, budget_tokens}}, or OpenAI's reasoning_effort as a budget. */
    private static Integer thinking(JsonNode root) {
        JsonNode thinking = root.path("thinking");
        if ("enabled".equals(thinking.path("type").asText())) {
            return Math.max(1024, thinking.path("budget_tokens").asInt(1024));
        }
        return switch (root.path("reasoning_effort").asText("")) {
            case "low" -> 1024;
            case "medium" -> 4096;
            case "high" -> 16384;
            default -> null;
        };
    }

    static Tier tier(String name) {
        for (Tier t : Tier.values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }

    /** {@code provider/model} (the model may contain slashes itself), or a model only one provider serves. */
    static ModelRouter.Pin pin(String name, RouterConfig routing) throws Refused {
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
}
