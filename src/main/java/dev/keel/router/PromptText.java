package dev.keel.router;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.stream.Collectors;

/** A message's text as the router and the token estimate read it: text parts, tool calls and results, no images. */
final class PromptText {

    private PromptText() {
    }

    static String of(ChatMessage m) {
        if (m instanceof UserMessage u && u.hasSingleText()) {
            return u.singleText();
        }
        if (m instanceof UserMessage u) {
            return u.contents().stream().filter(c -> c instanceof dev.langchain4j.data.message.TextContent)
                    .map(c -> ((dev.langchain4j.data.message.TextContent) c).text()).collect(Collectors.joining("\n"));
        }
        if (m instanceof SystemMessage s) {
            return s.text();
        }
        if (m instanceof AiMessage a) {
            return (a.text() == null ? "" : a.text()) + a.toolExecutionRequests().stream()
                    .map(t -> " " + t.name() + t.arguments()).collect(Collectors.joining());
        }
        if (m instanceof dev.langchain4j.data.message.ToolExecutionResultMessage t) {
            return t.text();
        }
        return m.toString();
    }
}
