package dev.keel.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.router.ModelGateway;
import dev.keel.router.Usage;
import dev.keel.secrets.SecretMasker;
import dev.keel.web.Http;
import dev.langchain4j.agent.tool.ToolExecutionRequest;

/**
 * Keel's answers in Anthropic's Messages wire format: the message with its content blocks (thinking,
 * text, tool_use), stop_reason, usage with cache fields, and Anthropic's error body and types.
 */
final class AnthropicWire {

    private AnthropicWire() {
    }

    static ObjectNode message(String id, ModelGateway.Result result) {
        ObjectNode message = head(id, result.provider() + "/" + result.model());
        ArrayNode content = message.putArray("content");
        if (result.thinking() != null) {
            content.addObject().put("type", "thinking").put("thinking", result.thinking()).put("signature", "");
        }
        if (result.text() != null && !result.text().isEmpty()) {
            content.addObject().put("type", "text").put("text", SecretMasker.maskKeys(result.text()));
        }
        for (ToolExecutionRequest call : result.toolCalls()) {
            content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                    .set("input", input(SecretMasker.maskKeys(call.arguments())));
        }
        message.put("stop_reason", stopReason(result));
        message.putNull("stop_sequence");
        usage(message.putObject("usage"), result.usage());
        return message;
    }

    static ObjectNode head(String id, String model) {
        return Http.mapper().createObjectNode().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
    }

    /** A tool's input is an object; arguments a model got wrong arrive as an empty one rather than break the client. */
    static JsonNode input(String arguments) {
        try {
            JsonNode node = arguments == null || arguments.isBlank() ? null : Http.mapper().readTree(arguments);
            return node != null && node.isObject() ? node : Http.mapper().createObjectNode();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Http.mapper().createObjectNode();
        }
    }

    static void usage(ObjectNode node, Usage u) {
        node.put("input_tokens", u.inputTokens()).put("cache_creation_input_tokens", u.cacheWriteTokens())
                .put("cache_read_input_tokens", u.cachedInputTokens()).put("output_tokens", u.outputTokens());
    }

    static String stopReason(ModelGateway.Result result) {
        if (!result.toolCalls().isEmpty()) {
            return "tool_use";
        }
        return "length".equals(result.finishReason()) ? "max_tokens" : "end_turn";
    }

    static ObjectNode error(Refused refused) {
        ObjectNode body = Http.mapper().createObjectNode().put("type", "error");
        body.putObject("error").put("type", errorType(refused.status)).put("message", SecretMasker.mask(refused.getMessage()));
        return body;
    }

    /** Anthropic's error type for each status (its API reference, "Errors"). */
    static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> "api_error";
        };
    }
}
