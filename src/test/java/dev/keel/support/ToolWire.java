package dev.keel.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Provider answers with tool calls and reasoning, in each provider's published wire format: OpenAI's
 * chat completion with {@code tool_calls} (and Moonshot's {@code reasoning_content}), its stream of
 * tool_calls deltas; Anthropic's {@code tool_use} and {@code thinking} blocks and their stream events
 * ({@code input_json_delta}, {@code thinking_delta}); Ollama's {@code message.tool_calls}, plain and
 * as newline-delimited JSON.
 */
public final class ToolWire {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolWire() {
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static ObjectNode openAiUsage(ObjectNode node, int prompt, int completion) {
        node.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion)
                .putObject("prompt_tokens_details").put("cached_tokens", 0);
        return node;
    }

    /** A chat completion whose message asks for {@code calls} (each id, name, arguments JSON text). */
    public static String openAiToolCalls(int prompt, int completion, String[]... calls) {
        ObjectNode root = object().put("id", "chatcmpl-t1").put("object", "chat.completion").put("created", 1795000000).put("model", "kimi");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant").putNull("content");
        ArrayNode list = message.putArray("tool_calls");
        for (String[] c : calls) {
            list.addObject().put("id", c[0]).put("type", "function").putObject("function").put("name", c[1]).put("arguments", c[2]);
        }
        choice.put("finish_reason", "tool_calls");
        return openAiUsage(root, prompt, completion).toString();
    }

    /** A chat completion with text and Moonshot's reasoning_content. */
    public static String openAiReasoning(String reasoning, String text, int prompt, int completion) {
        ObjectNode root = object().put("id", "chatcmpl-r1").put("object", "chat.completion").put("created", 1795000000).put("model", "kimi");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", text).put("reasoning_content", reasoning);
        choice.put("finish_reason", "stop");
        return openAiUsage(root, prompt, completion).toString();
    }

    private static ObjectNode chunk() {
        return object().put("id", "chatcmpl-s1").put("object", "chat.completion.chunk").put("created", 1795000000).put("model", "kimi");
    }

    /** OpenAI's stream of one tool call: id and name first, then the arguments in {@code parts}, finish_reason tool_calls, usage. */
    public static FakeProvider.Reply openAiToolStream(String id, String name, int prompt, int completion, String... parts) {
        StringBuilder events = new StringBuilder();
        ObjectNode first = chunk();
        ObjectNode delta = first.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta")
                .put("role", "assistant").putNull("content");
        delta.putArray("tool_calls").addObject().put("index", 0).put("id", id).put("type", "function").putObject("function")
                .put("name", name).put("arguments", "");
        data(events, first);
        for (String p : parts) {
            ObjectNode c = chunk();
            c.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").putArray("tool_calls")
                    .addObject().put("index", 0).putObject("function").put("arguments", p);
            data(events, c);
        }
        ObjectNode last = chunk();
        last.putArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls").putObject("delta");
        data(events, last);
        ObjectNode usage = chunk();
        usage.putArray("choices");
        data(events, openAiUsage(usage, prompt, completion));
        events.append("data: [DONE]\n\n");
        return FakeProvider.Reply.of(200, events.toString(), "Content-Type", "text/event-stream");
    }

    /** OpenAI-style stream with reasoning_content deltas before the content deltas (Moonshot's thinking models). */
    public static FakeProvider.Reply openAiReasoningStream(List<String> reasoning, List<String> text, int prompt, int completion) {
        StringBuilder events = new StringBuilder();
        for (String r : reasoning) {
            ObjectNode c = chunk();
            c.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").put("reasoning_content", r);
            data(events, c);
        }
        for (String t : text) {
            ObjectNode c = chunk();
            c.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta").put("content", t);
            data(events, c);
        }
        ObjectNode last = chunk();
        last.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
        data(events, last);
        ObjectNode usage = chunk();
        usage.putArray("choices");
        data(events, openAiUsage(usage, prompt, completion));
        events.append("data: [DONE]\n\n");
        return FakeProvider.Reply.of(200, events.toString(), "Content-Type", "text/event-stream");
    }

    private static void data(StringBuilder out, ObjectNode node) {
        out.append("data: ").append(node).append("\n\n");
    }

    private static ObjectNode anthropicUsage(ObjectNode node, int input, int output) {
        node.putObject("usage").put("input_tokens", input).put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0)
                .put("output_tokens", output);
        return node;
    }

    /** A message with a text block and a tool_use block, stop_reason tool_use. */
    public static String anthropicToolUse(String text, String id, String name, String inputJson, int input, int output) {
        ObjectNode root = object().put("id", "msg_t1").put("type", "message").put("role", "assistant").put("model", "claude");
        ArrayNode content = root.putArray("content");
        content.addObject().put("type", "text").put("text", text);
        try {
            content.addObject().put("type", "tool_use").put("id", id).put("name", name).set("input", JSON.readTree(inputJson));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        root.put("stop_reason", "tool_use").putNull("stop_sequence");
        return anthropicUsage(root, input, output).toString();
    }

    /** A message with a thinking block (signed) and a text block. */
    public static String anthropicThinking(String thinking, String text, int input, int output) {
        ObjectNode root = object().put("id", "msg_th").put("type", "message").put("role", "assistant").put("model", "claude");
        ArrayNode content = root.putArray("content");
        content.addObject().put("type", "thinking").put("thinking", thinking).put("signature", "EqQBCgIYAhIM");
        content.addObject().put("type", "text").put("text", text);
        root.put("stop_reason", "end_turn").putNull("stop_sequence");
        return anthropicUsage(root, input, output).toString();
    }

    /** Anthropic's stream of a tool_use block whose input arrives as input_json_delta {@code parts}. */
    public static FakeProvider.Reply anthropicToolStream(String id, String name, int input, int output, String... parts) {
        StringBuilder events = new StringBuilder();
        ObjectNode message = object().put("id", "msg_s1").put("type", "message").put("role", "assistant").put("model", "claude");
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        anthropicUsage(message, input, 1);
        ObjectNode start = object().put("type", "message_start");
        start.set("message", message);
        event(events, "message_start", start);
        ObjectNode block = object().put("type", "content_block_start").put("index", 0);
        block.putObject("content_block").put("type", "tool_use").put("id", id).put("name", name).putObject("input");
        event(events, "content_block_start", block);
        for (String p : parts) {
            ObjectNode d = object().put("type", "content_block_delta").put("index", 0);
            d.putObject("delta").put("type", "input_json_delta").put("partial_json", p);
            event(events, "content_block_delta", d);
        }
        event(events, "content_block_stop", object().put("type", "content_block_stop").put("index", 0));
        ObjectNode end = object().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", "tool_use").putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", output);
        event(events, "message_delta", end);
        event(events, "message_stop", object().put("type", "message_stop"));
        return FakeProvider.Reply.of(200, events.toString(), "Content-Type", "text/event-stream");
    }

    private static void event(StringBuilder out, String type, ObjectNode data) {
        out.append("event: ").append(type).append('\n').append("data: ").append(data).append("\n\n");
    }

    /** Ollama's /api/chat answer asking for a tool: arguments are a JSON object, and there is no call id. */
    public static String ollamaToolCall(String name, String argumentsJson, int promptEval, int eval) {
        return ollamaChunk(name, argumentsJson, true, promptEval, eval).toString();
    }

    /** Ollama streams the tool call whole in one line, then the done line with the counts. */
    public static FakeProvider.Reply ollamaToolStream(String name, String argumentsJson, int promptEval, int eval) {
        ObjectNode done = object().put("model", "qwen").put("created_at", "2026-11-24T10:00:01Z");
        done.putObject("message").put("role", "assistant").put("content", "");
        done.put("done", true).put("done_reason", "stop").put("total_duration", 900000000).put("prompt_eval_count", promptEval)
                .put("eval_count", eval);
        return FakeProvider.Reply.of(200, ollamaChunk(name, argumentsJson, false, 0, 0) + "\n" + done + "\n",
                "Content-Type", "application/x-ndjson");
    }

    private static ObjectNode ollamaChunk(String name, String argumentsJson, boolean done, int promptEval, int eval) {
        ObjectNode root = object().put("model", "qwen").put("created_at", "2026-11-24T10:00:00Z");
        ObjectNode message = root.putObject("message").put("role", "assistant").put("content", "");
        try {
            message.putArray("tool_calls").addObject().putObject("function").put("name", name).set("arguments", JSON.readTree(argumentsJson));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        root.put("done", done);
        if (done) {
            root.put("done_reason", "stop").put("total_duration", 900000000).put("prompt_eval_count", promptEval).put("eval_count", eval);
        }
        return root;
    }
}
