package dev.keel.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.router.AnswerFormat;
import dev.keel.router.ModelGateway;
import dev.keel.router.ModelRouter;
import dev.keel.router.ProviderCalls;
import dev.keel.router.RouterConfig;
import dev.keel.router.Tier;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ToolChoice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Anthropic Messages API request ({@code POST /v1/messages}) as Keel's {@link ModelGateway.Request}
 * (pure): {@code system}, content blocks (text, image, tool_use, tool_result, thinking), {@code tools}
 * with {@code input_schema}, {@code tool_choice} (auto, any, tool, none), {@code thinking} and
 * {@code output_format}. A user turn's tool_result blocks become langchain4j tool results, in order,
 * before the rest of that turn.
 */
final class AnthropicRequest {

    private AnthropicRequest() {
    }

    static OpenAiRequest.Parsed parse(JsonNode root, String agent, String kind, RouterConfig config) throws Refused {
        String name = OpenAiRequest.model(root);
        if (!root.path("max_tokens").canConvertToInt() || root.path("max_tokens").asInt() <= 0) {
            throw Refused.invalid("invalid_value", "max_tokens: a positive number is required.");
        }
        int maxTokens = root.get("max_tokens").asInt();
        List<ChatMessage> messages = new ArrayList<>();
        JsonNode system = root.get("system");
        if (system != null && !system.isNull()) {
            messages.add(SystemMessage.from(system.isTextual() ? system.asText() : texts(system, "system")));
        }
        messages.addAll(messages(root.get("messages")));
        List<ToolSpecification> tools = new ArrayList<>();
        JsonNode list = root.path("tools");
        for (int i = 0; i < list.size(); i++) {
            JsonNode tool = list.get(i);
            if (tool.has("type") && !"custom".equals(tool.path("type").asText())) {
                throw Refused.invalid("invalid_value", "tools[" + i + "] is Anthropic's server tool '" + tool.path("type").asText()
                        + "'; Keel passes on client tools (name, description, input_schema).");
            }
            tools.add(OpenAiRequest.tool(tool.path("name").asText(""), tool.path("description").asText(null), tool.get("input_schema"),
                    "tools[" + i + "]"));
        }
        ToolChoice choice = null;
        Boolean parallel = null;
        JsonNode tc = root.path("tool_choice");
        if (tc.isObject()) {
            choice = switch (tc.path("type").asText("auto")) {
                case "auto" -> ToolChoice.AUTO;
                case "any" -> ToolChoice.REQUIRED;
                case "none" -> ToolChoice.NONE;
                case "tool" -> {
                    tools = OpenAiRequest.named(tools, tc.path("name").asText(""));
                    yield ToolChoice.REQUIRED;
                }
                default -> throw Refused.invalid("invalid_value", "tool_choice.type '" + tc.path("type").asText()
                        + "' is not one of auto, any, tool, none.");
            };
            parallel = tc.path("disable_parallel_tool_use").asBoolean(false) ? Boolean.FALSE : null;
        }
        Integer thinking = "enabled".equals(root.path("thinking").path("type").asText())
                ? Math.max(1024, root.path("thinking").path("budget_tokens").asInt(1024)) : null;
        JsonNode output = root.path("output_format");
        AnswerFormat format = "json_schema".equals(output.path("type").asText()) && output.path("schema").isObject()
                ? new AnswerFormat("output_format", output.get("schema").toString(), false) : null;
        Double temperature = root.hasNonNull("temperature") ? root.get("temperature").asDouble() : null;
        ProviderCalls.Options options = new ProviderCalls.Options(temperature, maxTokens, tools, choice, parallel, format, thinking);
        Tier tier = OpenAiRequest.AUTO.equals(name) ? null : OpenAiRequest.tier(name);
        ModelRouter.Pin pin = OpenAiRequest.AUTO.equals(name) || tier != null ? null : OpenAiRequest.pin(name, config);
        return new OpenAiRequest.Parsed(new ModelGateway.Request(agent, messages, kind, tier, maxTokens, pin, options, null),
                root.path("stream").asBoolean(false), true);
    }

    private static List<ChatMessage> messages(JsonNode node) throws Refused {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw Refused.invalid("invalid_messages", "messages: a non-empty array is required.");
        }
        List<ChatMessage> out = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String role = m.path("role").asText("");
            JsonNode content = m.get("content");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw Refused.invalid("invalid_role", "messages." + i + ".role '" + role + "' is not user or assistant.");
            }
            if (content != null && content.isTextual()) {
                out.add(role.equals("user") ? UserMessage.from(content.asText()) : AiMessage.from(content.asText()));
                continue;
            }
            if (content == null || !content.isArray()) {
                throw Refused.invalid("invalid_messages", "messages." + i + ".content must be a string or an array of content blocks.");
            }
            if (role.equals("assistant")) {
                out.add(assistant(content, i, toolNames));
            } else {
                user(content, i, toolNames, out);
            }
        }
        return out;
    }

    private static AiMessage assistant(JsonNode blocks, int i, Map<String, String> toolNames) throws Refused {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (JsonNode block : blocks) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "thinking" -> thinking.append(block.path("thinking").asText());
                case "redacted_thinking" -> {
                }
                case "tool_use" -> {
                    String id = block.path("id").asText("");
                    calls.add(ToolExecutionRequest.builder().id(id).name(block.path("name").asText())
                            .arguments(block.path("input").isObject() ? block.get("input").toString() : "{}").build());
                    toolNames.put(id, block.path("name").asText());
                }
                default -> throw Refused.invalid("unsupported_content", "messages." + i + " has a '" + block.path("type").asText()
                        + "' block; assistant turns take text, thinking and tool_use.");
            }
        }
        return AiMessage.builder().text(text.isEmpty() ? null : text.toString()).thinking(thinking.isEmpty() ? null : thinking.toString())
                .toolExecutionRequests(calls).build();
    }

    private static void user(JsonNode blocks, int i, Map<String, String> toolNames, List<ChatMessage> out) throws Refused {
        List<Content> parts = new ArrayList<>();
        for (JsonNode block : blocks) {
            switch (block.path("type").asText()) {
                case "text" -> parts.add(TextContent.from(block.path("text").asText()));
                case "image" -> parts.add(image(block.path("source"), i));
                case "tool_result" -> {
                    String id = block.path("tool_use_id").asText("");
                    JsonNode c = block.path("content");
                    String result = c.isTextual() ? c.asText() : c.isArray() ? texts(c, "messages." + i + " tool_result") : "";
                    // langchain4j 1.10 has no is_error on tool results: the error is said in the text the model reads
                    if (block.path("is_error").asBoolean(false)) {
                        result = "Error: " + result;
                    }
                    out.add(ToolExecutionResultMessage.from(id, toolNames.get(id), result));
                }
                default -> throw Refused.invalid("unsupported_content", "messages." + i + " has a '" + block.path("type").asText()
                        + "' block; user turns take text, image and tool_result.");
            }
        }
        if (!parts.isEmpty()) {
            out.add(UserMessage.from(parts));
        }
    }

    private static ImageContent image(JsonNode source, int i) throws Refused {
        return switch (source.path("type").asText()) {
            case "base64" -> ImageContent.from(Image.builder().base64Data(source.path("data").asText())
                    .mimeType(source.path("media_type").asText("image/png")).build());
            case "url" -> OpenAiMessages.image(source.path("url"), i);
            default -> throw Refused.invalid("invalid_image", "messages." + i + " has an image source that is not base64 or url.");
        };
    }

    private static String texts(JsonNode blocks, String where) throws Refused {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : blocks) {
            if (!"text".equals(block.path("type").asText())) {
                throw Refused.invalid("unsupported_content", where + " has a '" + block.path("type").asText() + "' block; only text here.");
            }
            text.append(text.isEmpty() ? "" : "\n").append(block.path("text").asText());
        }
        return text.toString();
    }
}
