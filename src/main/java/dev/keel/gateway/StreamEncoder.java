package dev.keel.gateway;

import dev.keel.router.ModelGateway;

/** Writes one streamed answer in a wire format (OpenAI chunks, Anthropic events) as its parts arrive. */
interface StreamEncoder {

    void started(SseBody body, String provider, String model);

    void text(SseBody body, String text);

    void thinking(SseBody body, String text);

    /** A fragment of tool call {@code index}; the first carries its id and name, later ones null. */
    void toolCall(SseBody body, int index, String id, String name, String arguments);

    void finished(SseBody body, ModelGateway.Result result);

    /** The stream broke after parts went out: end it with an error event. */
    void failed(SseBody body, Refused refused);
}
