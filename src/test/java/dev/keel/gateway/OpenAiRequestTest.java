package dev.keel.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.router.RouterConfig;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The OpenAI request parser, pure: JSON in, Keel's request or a refusal out. */
class OpenAiRequestTest {

    static final RouterConfig CONFIG = RouterConfig.load(Path.of("does-not-exist.yaml"));
    static final ObjectMapper JSON = new ObjectMapper();

    static OpenAiRequest.Parsed parse(String json) throws Exception {
        return OpenAiRequest.parse(JSON.readTree(json), "agent", null, CONFIG);
    }

    static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"city\"]}}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}]";

    @Test
    void toolsBecomeToolSpecificationsWithTypedElementsWhereTheyCarryEverything() throws Exception {
        var options = parse("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + TOOLS + "}").request().options();

        assertThat(options.tools()).hasSize(2);
        var params = options.tools().get(0).parameters();
        assertThat(params.properties().get("city")).isInstanceOf(JsonStringSchema.class);
        assertThat(params.properties().get("days")).isInstanceOf(JsonRawSchema.class);
        assertThat(((JsonRawSchema) params.properties().get("days")).schema()).contains("\"minimum\":1");
        assertThat(params.required()).containsExactly("city");
        assertThat(options.toolChoice()).isNull();
    }

    @Test
    void aNamedToolChoiceOffersOnlyThatToolAndRequiresIt() throws Exception {
        var options = parse("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + TOOLS
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}},\"parallel_tool_calls\":false}")
                .request().options();

        assertThat(options.tools()).extracting(t -> t.name()).containsExactly("get_time");
        assertThat(options.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
        assertThat(options.parallelToolCalls()).isFalse();
    }

    @Test
    void toolCallsAndToolResultsInTheConversationBecomeLangchain4jMessages() throws Exception {
        var messages = parse("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\","
                + "\"content\":null,\"reasoning_content\":\"think\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_1\","
                + "\"content\":\"-3 C\"}]}").request().messages();

        AiMessage ai = (AiMessage) messages.get(1);
        assertThat(ai.toolExecutionRequests().get(0).arguments()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(ai.thinking()).isEqualTo("think");
        ToolExecutionResultMessage result = (ToolExecutionResultMessage) messages.get(2);
        assertThat(result.id()).isEqualTo("call_1");
        assertThat(result.toolName()).isEqualTo("get_weather");
        assertThat(result.text()).isEqualTo("-3 C");
    }

    @Test
    void anImageDataUrlBecomesBase64ImageContent() throws Exception {
        var messages = parse("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"look\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/jpeg;base64,AAAA\",\"detail\":\"low\"}}]}]}").request().messages();

        ImageContent image = (ImageContent) ((UserMessage) messages.get(0)).contents().get(1);
        assertThat(image.image().base64Data()).isEqualTo("AAAA");
        assertThat(image.image().mimeType()).isEqualTo("image/jpeg");
        assertThat(image.detailLevel()).isEqualTo(ImageContent.DetailLevel.LOW);
    }

    @Test
    void responseFormatsBecomeAnswerFormats() throws Exception {
        var schema = parse("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":{\"type\":"
                + "\"json_schema\",\"json_schema\":{\"name\":\"v\",\"strict\":true,\"schema\":{\"type\":\"object\"}}}}").request().options();
        var object = parse("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":{\"type\":"
                + "\"json_object\"}}").request().options();

        assertThat(schema.answerFormat().name()).isEqualTo("v");
        assertThat(schema.answerFormat().schema()).isEqualTo("{\"type\":\"object\"}");
        assertThat(schema.answerFormat().strict()).isTrue();
        assertThat(object.answerFormat().schema()).isNull();
    }

    @Test
    void reasoningEffortBecomesAThinkingBudget() throws Exception {
        assertThat(parse("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"reasoning_effort\":\"medium\"}")
                .request().options().thinkingBudget()).isEqualTo(4096);
    }

    @Test
    void theRetiredFunctionsFormIsRefusedWithWhatToSendInstead() {
        assertThatThrownBy(() -> parse("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"functions\":[]}"))
                .isInstanceOf(Refused.class).hasMessageContaining("send 'tools'");
    }

    @Test
    void aToolNameOutsideOpenAisAlphabetIsRefused() {
        assertThatThrownBy(() -> parse("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":"
                + "\"function\",\"function\":{\"name\":\"get weather\"}}]}")).isInstanceOf(Refused.class).hasMessageContaining("tools[0]");
    }
}
