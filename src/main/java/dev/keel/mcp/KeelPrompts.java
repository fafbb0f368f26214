package dev.keel.mcp;

import dev.keel.content.Prompt;
import dev.keel.content.PromptStore;
import dev.keel.storage.RejectedInputException;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prompt bank as MCP prompts: each {@code prompts/<name>.md} at its current version is the prompt
 * {@code name@version}, its declared variables are the (required) arguments, and getting it renders it.
 */
public final class KeelPrompts {

    private static final Logger LOG = LoggerFactory.getLogger(KeelPrompts.class);

    private final Path folder;
    private final PromptStore store;

    public KeelPrompts(Path folder, PromptStore store) {
        this.folder = folder;
        this.store = store;
    }

    public List<SyncPromptSpecification> specifications() {
        List<SyncPromptSpecification> out = new ArrayList<>();
        for (String name : names()) {
            Prompt prompt;
            try {
                prompt = store.get(name, null);
            } catch (RejectedInputException e) {
                LOG.warn("Prompt {} not offered over MCP: {}", name, e.getMessage());
                continue;
            }
            List<McpSchema.PromptArgument> arguments = prompt.variables().stream()
                    .map(v -> new McpSchema.PromptArgument(v, "the value of {{" + v + "}}", true)).toList();
            McpSchema.Prompt spec = new McpSchema.Prompt(prompt.ref(), prompt.ref(), prompt.description(), arguments);
            out.add(new SyncPromptSpecification(spec, (context, request) -> render(prompt, request)));
        }
        return out;
    }

    private static McpSchema.GetPromptResult render(Prompt prompt, McpSchema.GetPromptRequest request) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (request.arguments() != null) {
            request.arguments().forEach((k, v) -> values.put(k, v == null ? null : String.valueOf(v)));
        }
        try {
            String text = prompt.render(values);
            return new McpSchema.GetPromptResult(prompt.description(),
                    List.of(new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(text))));
        } catch (RejectedInputException e) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(e.getMessage()).build();
        }
    }

    private List<String> names() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".md"))
                    .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
