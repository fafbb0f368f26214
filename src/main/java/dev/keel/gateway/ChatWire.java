package dev.keel.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.router.ModelGateway;
import dev.keel.router.Usage;
import dev.keel.secrets.SecretMasker;
import dev.keel.web.Http;
import dev.langchain4j.agent.tool.ToolExecutionRequest;

/**
 * Keel's answers in OpenAI's chat completion wire format: the completion, its stream chunks
 * (text, {@code reasoning_content}, {@code tool_calls} deltas), usage and the error body.
 */
final class ChatWire {

    private ChatWire() {
    }

    static ObjectNode completion(String id, long created, ModelGateway.Result result) {
        ObjectNode answer = Http.mapper().createObjectNode().put("id", id).put("object", "chat.completion").put("created", created)
                .put("model", result.provider() + "/" + result.model());
        ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        String text = result.text() == null ? null : SecretMasker.maskKeys(result.text());
        if (text == null || text.isEmpty() && !result.toolCalls().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        if (result.thinking() != null) {
            message.put("reasoning_content", result.thinking());
        }
        if (!result.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolExecutionRequest call : result.toolCalls()) {
                calls.addObject().put("id", call.id()).put("type", "function").putObject("function").put("name", call.name())
                        .put("arguments", SecretMasker.maskKeys(call.arguments()));
            }
        }
        choice.put("finish_reason", finishReason(result));
        usage(answer, result);
        return answer;
    }

    static ObjectNode chunk(String id, long created, String model) {
        return Http.mapper().createObjectNode().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model);
    }

    /** A chunk whose only choice has {@code delta} and no finish reason yet. */
    static ObjectNode delta(ObjectNode chunk) {
        return chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta");
    }

    static ObjectNode toolCallDelta(ObjectNode chunk, int index, String id, String name, String arguments) {
        ObjectNode call = delta(chunk).putArray("tool_calls").addObject().put("index", index);
        if (id != null) {
            call.put("id", id).put("type", "function");
        }
        ObjectNode function = call.putObject("function");
        if (name != null) {
            function.put("name", name);
        }
        function.put("arguments", SecretMasker.maskKeys(arguments));
        return chunk;
    }

    static void usage(ObjectNode node, ModelGateway.Result result) {
        Usage u = result.usage();
        long prompt = u.totalInputTokens();
        ObjectNode usage = node.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", u.outputTokens())
                .put("total_tokens", prompt + u.outputTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", u.cachedInputTokens());
        node.put("keel_cost_usd", result.costUsd());
    }

    static String finishReason(ModelGateway.Result result) {
        if (!result.toolCalls().isEmpty()) {
            return "tool_calls";
        }
        return switch (result.finishReason() == null ? "stop" : result.finishReason()) {
            case "length" -> "length";
            case "content_filter" -> "content_filter";
            case "tool_execution" -> "tool_calls";
            default -> "stop";
        };
    }

    static ObjectNode error(Refused refused) {
        ObjectNode body = Http.mapper().createObjectNode();
        body.putObject("error").put("message", SecretMasker.mask(refused.getMessage())).put("type", refused.type).putNull("param")
                .put("code", refused.code);
        return body;
    }
}
