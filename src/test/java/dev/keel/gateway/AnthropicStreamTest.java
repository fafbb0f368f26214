package dev.keel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.router.ModelGateway;
import dev.keel.router.Tier;
import dev.keel.router.Usage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anthropic's event sequence for an answer with text, then a tool call in fragments. */
class AnthropicStreamTest {

    @Test
    void textThenAToolCallAreTwoBlocksWithInputJsonDeltas() throws IOException {
        SseBody body = new SseBody();
        AnthropicStream stream = new AnthropicStream("msg_1");
        stream.started(body, "kimi", "kimi");
        stream.text(body, "Let me ");
        stream.text(body, "check.");
        stream.toolCall(body, 0, "call_1", "get_weather", "");
        stream.toolCall(body, 0, null, null, "{\"city\":");
        stream.toolCall(body, 0, null, null, "\"Paris\"}");
        stream.finished(body, new ModelGateway.Result("Let me check.", "kimi", "kimi", Tier.REASONING, "", new Usage(10, 5, 2, 0, 1), 0,
                "tool_execution", List.of(), List.of(ToolExecutionRequest.builder().id("call_1").name("get_weather")
                .arguments("{\"city\":\"Paris\"}").build()), null));
        body.end();

        String events = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        List<String> names = events.lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();
        assertThat(names).containsExactly("message_start", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_stop", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        assertThat(events).contains("\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"", "\"index\":1",
                "\"stop_reason\":\"tool_use\"", "\"cache_read_input_tokens\":2");
    }
}
