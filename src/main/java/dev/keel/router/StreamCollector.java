package dev.keel.router;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Receives one streamed answer from langchain4j and passes text, reasoning and tool-call argument
 * fragments on to the caller's sink as they come, keeping what was received. Tool calls are numbered
 * 0, 1, ... in the order they start (OpenAI's {@code index}); a provider that sends a call whole
 * (Ollama) or without an id gets one fragment and a Keel id, so every call the caller sees has one.
 */
final class StreamCollector implements StreamingChatResponseHandler {

    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    private final ModelGateway.StreamSink sink;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    private final Map<Integer, Integer> indexes = new HashMap<>();
    private final Map<Integer, String> ids = new LinkedHashMap<>();
    private final Map<Integer, StringBuilder> arguments = new HashMap<>();
    private final AtomicInteger parts = new AtomicInteger();

    StreamCollector(ModelGateway.StreamSink sink) {
        this.sink = sink;
    }

    @Override
    public void onPartialResponse(String partial) {
        if (partial == null || partial.isEmpty() || done.isDone()) {
            return;
        }
        synchronized (this) {
            text.append(partial);
        }
        parts.incrementAndGet();
        sink.token(partial);
    }

    @Override
    public void onPartialThinking(PartialThinking partial) {
        if (partial == null || partial.text() == null || partial.text().isEmpty() || done.isDone()) {
            return;
        }
        synchronized (this) {
            thinking.append(partial.text());
        }
        parts.incrementAndGet();
        sink.thinking(partial.text());
    }

    @Override
    public void onPartialToolCall(PartialToolCall partial) {
        if (!done.isDone()) {
            fragment(partial.index(), partial.id(), partial.name(), partial.partialArguments());
        }
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall complete) {
        ToolExecutionRequest call = complete.toolExecutionRequest();
        synchronized (this) {
            if (indexes.containsKey(complete.index()) || done.isDone()) {
                return;
            }
        }
        // sent whole, never in fragments (Ollama): one fragment with all of it
        fragment(complete.index(), call.id(), call.name(), call.arguments());
    }

    private void fragment(int providerIndex, String id, String name, String part) {
        int index;
        boolean first;
        synchronized (this) {
            first = !indexes.containsKey(providerIndex);
            index = indexes.computeIfAbsent(providerIndex, i -> indexes.size());
            if (first) {
                ids.put(index, id == null || id.isBlank() ? newId() : id);
                arguments.put(index, new StringBuilder());
            }
            arguments.get(index).append(part == null ? "" : part);
        }
        parts.incrementAndGet();
        sink.toolCall(index, first ? ids.get(index) : null, first ? name : null, part == null ? "" : part);
    }

    static String newId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    int parts() {
        return parts.get();
    }

    synchronized String text() {
        return text.toString();
    }

    synchronized String thinking() {
        return thinking.isEmpty() ? null : thinking.toString();
    }

    /**
     * The finished tool calls with the ids the caller was shown and the arguments exactly as the
     * fragments it was sent add up to.
     */
    synchronized List<ToolExecutionRequest> toolCalls(List<ToolExecutionRequest> reported) {
        List<ToolExecutionRequest> out = new ArrayList<>();
        for (int i = 0; i < reported.size(); i++) {
            ToolExecutionRequest r = reported.get(i);
            String id = ids.containsKey(i) ? ids.get(i) : r.id() == null ? newId() : r.id();
            String args = arguments.containsKey(i) ? arguments.get(i).toString() : r.arguments();
            out.add(ToolExecutionRequest.builder().id(id).name(r.name()).arguments(args).build());
        }
        return out;
    }
}
