package dev.keel.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.web.Http;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
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
 * {@code tool_choice: none} as "send no tools", and structured output on Anthropic as a forced tool
 * whose input is the answer.
 */
final class ProviderRequests {

    private ProviderRequests() {
    }

    static ChatRequest of(Provider.Type type, List<ChatMessage> messages, ProviderCalls.Options options) {
        List<ToolSpecification> tools = new ArrayList<>(options.tools());
        ToolChoice choice = tools.isEmpty() ? null : options.toolChoice();
        ResponseFormat format = null;
        AnswerFormat answer = options.answerFormat();
        if (answer != null && type == Provider.Type.ANTHROPIC) {
            tools.add(answerTool(answer));
            choice = ToolChoice.REQUIRED;
        } else if (answer != null) {
            format = ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(answer.schema() == null ? null
                    : JsonSchema.builder().name(answer.name()).rootElement(JsonRawSchema.from(answer.schema())).build()).build();
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
        return ChatRequest.builder().messages(messages).parameters(parameters).build();
    }

    private static ToolSpecification answerTool(AnswerFormat answer) {
        JsonNode schema;
        try {
            schema = answer.schema() == null ? null : Http.mapper().readTree(answer.schema());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the response schema is not JSON: " + e.getOriginalMessage(), e);
        }
        return ToolSpecification.builder().name(AnswerFormat.ANTHROPIC_TOOL)
                .description("Give your final answer as this tool's input; it must match the schema" + (answer.name() == null ? "" : " '"
                        + answer.name() + "'") + ".")
                .parameters(ToolSchemas.object(schema)).build();
    }

    /** The forced answer tool's input is the answer's text; the tool call itself is Keel's, not the caller's. */
    static ProviderCalls.Reply unwrap(ProviderCalls.Reply reply, ProviderCalls.Options options) {
        if (options.answerFormat() == null) {
            return reply;
        }
        for (ToolExecutionRequest call : reply.toolCalls()) {
            if (AnswerFormat.ANTHROPIC_TOOL.equals(call.name())) {
                List<ToolExecutionRequest> others = reply.toolCalls().stream().filter(c -> c != call).toList();
                return new ProviderCalls.Reply(call.arguments(), reply.usage(), others.isEmpty() ? "stop" : reply.finishReason(),
                        reply.usageEstimated(), others, reply.thinking());
            }
        }
        return reply;
    }
}
