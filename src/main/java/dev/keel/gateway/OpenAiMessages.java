package dev.keel.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI chat messages as langchain4j messages (pure): system and developer turns, user turns with
 * text and image parts, assistant turns with {@code tool_calls} (and Kimi's {@code reasoning_content}),
 * and {@code tool} results, whose tool name is looked up from the call they answer.
 */
final class OpenAiMessages {

    private OpenAiMessages() {
    }

    static List<ChatMessage> parse(JsonNode node) throws Refused {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw Refused.invalid("invalid_messages", "'messages' must be a non-empty array.");
        }
        List<ChatMessage> out = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String role = m.path("role").asText("");
            switch (role) {
                case "system", "developer" -> out.add(SystemMessage.from(text(m.get("content"), i)));
                case "user" -> out.add(user(m.get("content"), i));
                case "assistant" -> out.add(assistant(m, i, toolNames));
                case "tool" -> {
                    String id = m.path("tool_call_id").asText("");
                    if (id.isBlank()) {
                        throw Refused.invalid("invalid_messages", "messages[" + i + "] is a tool result without tool_call_id.");
                    }
                    out.add(ToolExecutionResultMessage.from(id, toolNames.getOrDefault(id, m.path("name").asText(null)),
                            text(m.get("content"), i)));
                }
                default -> throw Refused.invalid("invalid_role", "messages[" + i + "].role '" + role
                        + "' is not supported; use system, developer, user, assistant or tool.");
            }
        }
        return out;
    }

    private static AiMessage assistant(JsonNode m, int i, Map<String, String> toolNames) throws Refused {
        JsonNode content = m.get("content");
        String text = content == null || content.isNull() ? null : text(content, i);
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (JsonNode call : m.path("tool_calls")) {
            JsonNode function = call.path("function");
            String id = call.path("id").asText("");
            String name = function.path("name").asText("");
            if (id.isBlank() || name.isBlank()) {
                throw Refused.invalid("invalid_messages", "messages[" + i + "].tool_calls needs an id and function.name in each call.");
            }
            JsonNode args = function.path("arguments");
            calls.add(ToolExecutionRequest.builder().id(id).name(name).arguments(args.isTextual() ? args.asText()
                    : args.isMissingNode() || args.isNull() ? "{}" : args.toString()).build());
            toolNames.put(id, name);
        }
        String reasoning = m.hasNonNull("reasoning_content") ? m.get("reasoning_content").asText() : null;
        return AiMessage.builder().text(text == null || text.isEmpty() ? null : text).thinking(reasoning)
                .toolExecutionRequests(calls).build();
    }

    private static UserMessage user(JsonNode content, int i) throws Refused {
        if (content != null && content.isTextual()) {
            return UserMessage.from(content.asText());
        }
        if (content == null || !content.isArray()) {
            throw Refused.invalid("invalid_messages", "messages[" + i + "].content must be a string or an array of content parts.");
        }
        List<Content> parts = new ArrayList<>();
        for (JsonNode part : content) {
            String type = part.path("type").asText();
            switch (type) {
                case "text" -> parts.add(TextContent.from(part.path("text").asText()));
                case "image_url" -> parts.add(image(part.path("image_url"), i));
                default -> throw Refused.invalid("unsupported_content", "messages[" + i + "] has a '" + type
                        + "' part; Keel takes text and image_url parts.");
            }
        }
        return UserMessage.from(parts);
    }

    /** A data URL becomes base64 data; an http(s) URL stays a URL until {@link ImageFetcher} fetches it. */
    static ImageContent image(JsonNode imageUrl, int i) throws Refused {
        String url = imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText("");
        ImageContent.DetailLevel detail = switch (imageUrl.path("detail").asText("auto")) {
            case "low" -> ImageContent.DetailLevel.LOW;
            case "high" -> ImageContent.DetailLevel.HIGH;
            default -> ImageContent.DetailLevel.AUTO;
        };
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String meta = comma < 0 ? "" : url.substring(5, comma);
            if (comma < 0 || !meta.endsWith(";base64") || !meta.startsWith("image/")) {
                throw Refused.invalid("invalid_image", "messages[" + i + "] has an image data URL that is not"
                        + " data:image/<type>;base64,<data>.");
            }
            return ImageContent.from(Image.builder().base64Data(url.substring(comma + 1)).mimeType(meta.substring(0, meta.length() - 7))
                    .build(), detail);
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            try {
                return ImageContent.from(Image.builder().url(URI.create(url)).build(), detail);
            } catch (IllegalArgumentException e) {
                throw Refused.invalid("invalid_image", "messages[" + i + "] has an image URL that is not a URL: " + e.getMessage());
            }
        }
        throw Refused.invalid("invalid_image", "messages[" + i + "] has an image that is neither a data URL nor an http(s) URL.");
    }

    static String text(JsonNode content, int index) throws Refused {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content != null && content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText())) {
                    throw Refused.invalid("unsupported_content", "messages[" + index + "] has a '" + part.path("type").asText()
                            + "' part; images go in user messages only.");
                }
                text.append(part.path("text").asText());
            }
            return text.toString();
        }
        throw Refused.invalid("invalid_messages", "messages[" + index + "].content must be a string or an array of text parts.");
    }
}
