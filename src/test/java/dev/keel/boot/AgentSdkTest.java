package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.keel.support.AgentProviders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real agent clients Keel did not write, through Keel to each provider's fake: the official OpenAI
 * Java SDK running a two-turn tool loop on /v1/chat/completions, plain and streamed (its own
 * ChatCompletionAccumulator assembles the deltas); the official Anthropic Java SDK on /v1/messages,
 * plain, streamed (its MessageAccumulator) and with a tool loop, with x-api-key and with a bearer token.
 */
class AgentSdkTest {

    static AgentProviders keel;
    static OpenAIClient openAi;
    static AnthropicClient anthropic;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        keel = AgentProviders.start("agent-sdk");
        openAi = OpenAIOkHttpClient.builder().baseUrl(keel.base() + "/v1").apiKey(keel.agentKey).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(keel.base()).apiKey(keel.agentKey).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void stop() {
        openAi.close();
        anthropic.close();
        keel.close();
    }

    static ChatCompletionCreateParams.Builder openAiTurn(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("What is the weather in Paris?")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name(AgentProviders.TOOL)
                        .description("Current weather for a city").parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("city"))).build()).build()).build());
    }

    static ChatCompletionCreateParams secondTurn(String model, ChatCompletionMessage assistant) {
        ChatCompletionMessageFunctionToolCall call = assistant.toolCalls().orElseThrow().get(0).asFunction();
        return openAiTurn(model).addMessage(assistant).addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id())
                .content("{\"celsius\": 21}").build()).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ollama/qwen", "kimi/kimi", "claude/claude"})
    void theOpenAiSdkRunsAToolLoopThroughEachProvider(String model) throws Exception {
        ChatCompletion first = openAi.chat().completions().create(openAiTurn(model).build());

        ChatCompletion.Choice choice = first.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo(AgentProviders.TOOL);
        assertThat(JSON.readTree(call.function().arguments())).isEqualTo(JSON.readTree(AgentProviders.ARGS));

        ChatCompletion second = openAi.chat().completions().create(secondTurn(model, choice.message()));

        assertThat(second.choices().get(0).message().content()).hasValue("Sunny in Paris");
        assertThat(second.usage().orElseThrow().completionTokens()).isPositive();
    }

    static ChatCompletion streamed(ChatCompletionCreateParams params) {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        return accumulator.chatCompletion();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ollama/qwen", "kimi/kimi", "claude/claude"})
    void theOpenAiSdkRunsAStreamedToolLoopThroughEachProvider(String model) throws Exception {
        ChatCompletion first = streamed(openAiTurn(model).build());

        ChatCompletion.Choice choice = first.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.id()).isNotBlank();
        assertThat(JSON.readTree(call.function().arguments())).isEqualTo(JSON.readTree(AgentProviders.ARGS));

        ChatCompletion second = streamed(secondTurn(model, choice.message()));

        assertThat(second.choices().get(0).message().content()).hasValue("Sunny in Paris");
    }

    static MessageCreateParams.Builder anthropicTurn(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(512).system("Be brief.").addUserMessage("What is the weather in Paris?")
                .addTool(Tool.builder().name(AgentProviders.TOOL).description("Current weather for a city")
                        .inputSchema(Tool.InputSchema.builder().properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("city", com.anthropic.core.JsonValue.from(Map.of("type", "string"))).build())
                                .addRequired("city").build()).build());
    }

    static MessageCreateParams anthropicSecondTurn(String model, Message assistant) {
        ToolUseBlock use = assistant.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        return anthropicTurn(model).addMessage(assistant).addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                ToolResultBlockParam.builder().toolUseId(use.id()).content("{\"celsius\": 21}").build()))).build();
    }

    static String text(Message message) {
        return message.content().stream().flatMap(b -> b.text().stream()).map(t -> t.text()).reduce("", String::concat);
    }

    @Test
    void theAnthropicSdkGetsAPlainAnswerWithUsage() {
        Message message = anthropic.messages().create(MessageCreateParams.builder().model("kimi/kimi").maxTokens(256)
                .addUserMessage("Say something.").build());

        assertThat(text(message)).isEqualTo("Sunny in Paris");
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isEqualTo(40);
        assertThat(message.usage().outputTokens()).isEqualTo(5);
    }

    @Test
    void theAnthropicSdkStreamsAnAnswerWithABearerTokenToo() {
        AnthropicClient bearer = AnthropicOkHttpClient.builder().baseUrl(keel.base()).authToken(keel.agentKey).maxRetries(0).build();
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = bearer.messages().createStreaming(MessageCreateParams.builder()
                .model("claude/claude").maxTokens(256).addUserMessage("Say something.").build())) {
            stream.stream().forEach(accumulator::accumulate);
        } finally {
            bearer.close();
        }

        Message message = accumulator.message();
        assertThat(text(message)).isEqualTo("Sunny in Paris");
        assertThat(message.usage().outputTokens()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ollama/qwen", "kimi/kimi", "claude/claude"})
    void theAnthropicSdkRunsAToolLoopThroughEachProvider(String model) throws Exception {
        Message first = anthropic.messages().create(anthropicTurn(model).build());

        assertThat(first.stopReason()).hasValue(StopReason.TOOL_USE);
        ToolUseBlock use = first.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        assertThat(use.name()).isEqualTo(AgentProviders.TOOL);
        assertThat(JSON.readTree(JSON.writeValueAsString(use._input().convert(Map.class)))).isEqualTo(JSON.readTree(AgentProviders.ARGS));

        Message second = anthropic.messages().create(anthropicSecondTurn(model, first));

        assertThat(text(second)).isEqualTo("Sunny in Paris");
        assertThat(second.stopReason()).hasValue(StopReason.END_TURN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ollama/qwen", "kimi/kimi", "claude/claude"})
    void theAnthropicSdkRunsAStreamedToolLoopThroughEachProvider(String model) throws Exception {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(anthropicTurn(model).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message first = accumulator.message();

        assertThat(first.stopReason()).hasValue(StopReason.TOOL_USE);
        ToolUseBlock use = first.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        assertThat(JSON.readTree(JSON.writeValueAsString(use._input().convert(Map.class)))).isEqualTo(JSON.readTree(AgentProviders.ARGS));

        MessageAccumulator again = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(anthropicSecondTurn(model, first))) {
            stream.stream().forEach(again::accumulate);
        }
        assertThat(text(again.message())).isEqualTo("Sunny in Paris");
    }
}
