package dev.keel.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.router.ModelGateway;
import dev.keel.router.Usage;
import dev.keel.secrets.SecretMasker;
import dev.keel.web.Http;

/**
 * One streamed answer as Anthropic's events: message_start, then per content block (thinking, text,
 * tool_use) content_block_start, content_block_delta (thinking_delta, text_delta, input_json_delta)
 * and content_block_stop, then message_delta with stop_reason and usage, and message_stop. A new
 * kind of part, or a new tool call, closes the open block and opens the next.
 */
final class AnthropicStream implements StreamEncoder {

    private final String id;
    private int index = -1;
    private String open;
    private int openTool = -1;

    AnthropicStream(String id) {
        this.id = id;
    }

    @Override
    public synchronized void started(SseBody body, String provider, String model) {
        ObjectNode message = AnthropicWire.head(id, provider + "/" + model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        AnthropicWire.usage(message.putObject("usage"), new Usage(0, 0, 0, 0, 0));
        ObjectNode event = event("message_start");
        event.set("message", message);
        body.send("message_start", event.toString());
    }

    @Override
    public synchronized void text(SseBody body, String text) {
        block(body, "text", Http.mapper().createObjectNode().put("type", "text").put("text", ""));
        delta(body, Http.mapper().createObjectNode().put("type", "text_delta").put("text", SecretMasker.maskKeys(text)));
    }

    @Override
    public synchronized void thinking(SseBody body, String text) {
        block(body, "thinking", Http.mapper().createObjectNode().put("type", "thinking").put("thinking", "").put("signature", ""));
        delta(body, Http.mapper().createObjectNode().put("type", "thinking_delta").put("thinking", text));
    }

    @Override
    public synchronized void toolCall(SseBody body, int tool, String callId, String name, String arguments) {
        if (callId != null || tool != openTool) {
            close(body);
            ObjectNode start = Http.mapper().createObjectNode().put("type", "tool_use").put("id", callId).put("name", name);
            start.putObject("input");
            block(body, "tool_use", start);
            openTool = tool;
        }
        if (!arguments.isEmpty()) {
            delta(body, Http.mapper().createObjectNode().put("type", "input_json_delta").put("partial_json", SecretMasker.maskKeys(arguments)));
        }
    }

    @Override
    public synchronized void finished(SseBody body, ModelGateway.Result result) {
        close(body);
        ObjectNode event = event("message_delta");
        event.putObject("delta").put("stop_reason", AnthropicWire.stopReason(result)).putNull("stop_sequence");
        AnthropicWire.usage(event.putObject("usage"), result.usage());
        body.send("message_delta", event.toString());
        body.send("message_stop", event("message_stop").toString());
    }

    @Override
    public synchronized void failed(SseBody body, Refused refused) {
        body.send("error", AnthropicWire.error(refused).toString());
    }

    /** Opens a block of {@code type} unless one is open (a tool_use block is always opened by its call). */
    private void block(SseBody body, String type, ObjectNode start) {
        if (type.equals(open) && !type.equals("tool_use")) {
            return;
        }
        close(body);
        index++;
        open = type;
        ObjectNode event = event("content_block_start").put("index", index);
        event.set("content_block", start);
        body.send("content_block_start", event.toString());
    }

    private void delta(SseBody body, ObjectNode delta) {
        ObjectNode event = event("content_block_delta").put("index", index);
        event.set("delta", delta);
        body.send("content_block_delta", event.toString());
    }

    private void close(SseBody body) {
        if (open != null) {
            body.send("content_block_stop", event("content_block_stop").put("index", index).toString());
            open = null;
            openTool = -1;
        }
    }

    private static ObjectNode event(String type) {
        return Http.mapper().createObjectNode().put("type", type);
    }
}
