package dev.keel.support;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Provider answers in each provider's published wire format (Ollama /api/chat, OpenAI
 * /chat/completions, Anthropic /v1/messages), plain and streamed, for the fake providers.
 */
public final class Wire {

    private Wire() {
    }

    public static String ollama(String text, int promptEval, int eval) {
        return "{\"model\":\"qwen\",\"created_at\":\"2026-11-24T10:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"" + text
                + "\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":900000000,\"prompt_eval_count\":" + promptEval
                + ",\"eval_count\":" + eval + ",\"eval_duration\":700000000}";
    }

    /** Ollama streams newline-delimited JSON; the last line has done=true and the counts. */
    public static FakeProvider.Reply ollamaStream(int promptEval, int eval, String... parts) {
        String lines = Arrays.stream(parts).map(p -> "{\"model\":\"qwen\",\"created_at\":\"2026-11-24T10:00:00Z\",\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"" + p + "\"},\"done\":false}\n").collect(Collectors.joining());
        return FakeProvider.Reply.of(200, lines + "{\"model\":\"qwen\",\"created_at\":\"2026-11-24T10:00:01Z\",\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":900000000,"
                + "\"prompt_eval_count\":" + promptEval + ",\"eval_count\":" + eval + "}\n", "Content-Type", "application/x-ndjson");
    }

    public static String openAi(String text, int prompt, int completion, int cached) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1795000000,\"model\":\"kimi\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":"
                + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion)
                + ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached + "}}}";
    }

    /** OpenAI's stream: a role chunk, content chunks, a finish chunk, a usage chunk when {@code prompt} >= 0, then [DONE]. */
    public static FakeProvider.Reply openAiStream(int prompt, int completion, int cached, String... parts) {
        String head = "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1795000000,\"model\":\"kimi\",";
        StringBuilder events = new StringBuilder("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        for (String p : parts) {
            events.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(p)
                    .append("\"},\"finish_reason\":null}]}\n\n");
        }
        events.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        if (prompt >= 0) {
            events.append("data: ").append(head).append("\"choices\":[],\"usage\":{\"prompt_tokens\":").append(prompt)
                    .append(",\"completion_tokens\":").append(completion).append(",\"total_tokens\":").append(prompt + completion)
                    .append(",\"prompt_tokens_details\":{\"cached_tokens\":").append(cached).append("}}}\n\n");
        }
        events.append("data: [DONE]\n\n");
        return FakeProvider.Reply.of(200, events.toString(), "Content-Type", "text/event-stream");
    }

    public static String anthropic(String text, int input, int output, int cacheRead, int cacheWrite) {
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\",\"content\":[{\"type\":\"text\",\"text\":\""
                + text + "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + input
                + ",\"cache_creation_input_tokens\":" + cacheWrite + ",\"cache_read_input_tokens\":" + cacheRead + ",\"output_tokens\":"
                + output + "}}";
    }

    /** Anthropic's stream: message_start (input usage), text deltas, message_delta (output usage), message_stop. */
    public static FakeProvider.Reply anthropicStream(int input, int output, int cacheRead, String... parts) {
        StringBuilder events = new StringBuilder();
        event(events, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[],\"model\":\"claude\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + input
                + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":" + cacheRead + ",\"output_tokens\":1}}}");
        event(events, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        for (String p : parts) {
            event(events, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
                    + p + "\"}}");
        }
        event(events, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        event(events, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":" + output + "}}");
        event(events, "message_stop", "{\"type\":\"message_stop\"}");
        return FakeProvider.Reply.of(200, events.toString(), "Content-Type", "text/event-stream");
    }

    private static void event(StringBuilder out, String type, String data) {
        out.append("event: ").append(type).append('\n').append("data: ").append(data).append("\n\n");
    }
}
