package dev.keel.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.web.Http;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * What Keel asks of each provider type, as a langchain4j {@link ChatRequest} (pure). Tools and tool
 * choice go through langchain4j as they are; the pieces langchain4j does not carry per request are
 * done here: OpenAI's {@code parallel_tool_calls} as OpenAI request parameters, Ollama's missing
 * {@code tool_choice: none} as "send no tools", and structured output. A JSON schema goes to every
 * provider as its own mechanism (Ollama {@code format}, OpenAI {@code response_format}, Anthropic
 * {@code output_format}); Anthropic has no schemaless JSON mode and its current models refuse forced
 * tool use, so {@code json_object} there is an instruction, and the answer is checked either way.
 */
final class ProviderRequests {

    private ProviderRequests() {
    }

    static ChatRequest of(Provider.Type type, List<ChatMessage> messages, ProviderCalls.Options options) {
        List<ToolSpecification> tools = new ArrayList<>(options.tools());
        ToolChoice choice = tools.isEmpty() ? null : options.toolChoice();
        ResponseFormat format = null;
        AnswerFormat answer = options.answerFormat();
        List<ChatMessage> sent = messages;
        if (answer != null && answer.schema() == null && type == Provider.Type.ANTHROPIC) {
            sent = new ArrayList<>(messages);
            sent.add(0, SystemMessage.from(JSON_ONLY));
        } else if (answer != null) {
            format = ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(answer.schema() == null ? null
                    : JsonSchema.builder().name(answer.name()).rootElement(type == Provider.Type.ANTHROPIC
                            ? ToolSchemas.object(json(answer.schema())) : JsonRawSchema.from(answer.schema())).build()).build();
        }
        if (type == Provider.Type.OLLAMA && choice == ToolChoice.NONE) {
            // /api/chat has no tool_choice: a model that may not call tools is not shown any
            tools.clear();
            choice = null;
        }
        if (type == Provider.Type.OLLAMA) {
            choice = null;
        }
        Integer maxTokens = options.maxTokens();
        if (type == Provider.Type.ANTHROPIC && options.thinkingBudget() != null) {
            // Anthropic counts thinking inside max_tokens and wants room beyond the budget for the answer
            maxTokens = options.thinkingBudget() + (maxTokens == null ? 4096 : maxTokens);
        }
        ChatRequestParameters parameters = type == Provider.Type.OPENAI_COMPATIBLE
                ? OpenAiChatRequestParameters.builder().parallelToolCalls(tools.isEmpty() ? null : options.parallelToolCalls())
                        .temperature(options.temperature()).maxOutputTokens(options.maxTokens())
                        .toolSpecifications(tools.isEmpty() ? null : tools).toolChoice(choice).responseFormat(format).build()
                : DefaultChatRequestParameters.builder().temperature(options.temperature()).maxOutputTokens(maxTokens)
                        .toolSpecifications(tools.isEmpty() ? null : tools).toolChoice(choice).responseFormat(format).build();
        return ChatRequest.builder().messages(sent).parameters(parameters).build();
    }

    static final String JSON_ONLY = "Answer with one JSON object and nothing else: no prose, no code fence.";

    private static JsonNode json(String schema) {
        try {
            return Http.mapper().readTree(schema);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the response schema is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
