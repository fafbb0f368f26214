package dev.keel.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.router.ModelGateway;
import dev.keel.secrets.SecretMasker;

/** One streamed chat completion in OpenAI's chunk shape: role, content, reasoning_content and tool_calls deltas, finish, usage. */
final class ChatStream implements StreamEncoder {

    private final String id;
    private final long created;
    private final boolean includeUsage;
    private volatile String model;

    ChatStream(String id, long created, boolean includeUsage) {
        this.id = id;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    @Override
    public void started(SseBody body, String provider, String model) {
        this.model = provider + "/" + model;
        ObjectNode chunk = ChatWire.chunk(id, created, this.model);
        ChatWire.delta(chunk).put("role", "assistant").put("content", "");
        body.send(chunk.toString());
    }

    @Override
    public void text(SseBody body, String text) {
        ObjectNode chunk = ChatWire.chunk(id, created, model);
        ChatWire.delta(chunk).put("content", SecretMasker.maskKeys(text));
        body.send(chunk.toString());
    }

    @Override
    public void thinking(SseBody body, String text) {
        ObjectNode chunk = ChatWire.chunk(id, created, model);
        ChatWire.delta(chunk).put("reasoning_content", text);
        body.send(chunk.toString());
    }

    @Override
    public void toolCall(SseBody body, int index, String callId, String name, String arguments) {
        body.send(ChatWire.toolCallDelta(ChatWire.chunk(id, created, model), index, callId, name, arguments).toString());
    }

    @Override
    public void finished(SseBody body, ModelGateway.Result result) {
        String name = result.provider() + "/" + result.model();
        ObjectNode last = ChatWire.chunk(id, created, name);
        last.withArray("choices").addObject().put("index", 0).put("finish_reason", ChatWire.finishReason(result)).putObject("delta");
        body.send(last.toString());
        if (includeUsage) {
            ObjectNode usage = ChatWire.chunk(id, created, name);
            usage.putArray("choices");
            ChatWire.usage(usage, result);
            body.send(usage.toString());
        }
        body.send("[DONE]");
    }

    @Override
    public void failed(SseBody body, Refused refused) {
        body.send(ChatWire.error(refused).toString());
        body.send("[DONE]");
    }
}
