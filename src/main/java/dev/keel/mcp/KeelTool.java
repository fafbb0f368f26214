package dev.keel.mcp;

import java.util.Map;

/**
 * One of Keel's MCP tools: its name, what a model reads to decide to use it, the JSON Schema of its
 * arguments, and the thin call into the existing workflow that answers it (structured JSON).
 */
public record KeelTool(String name, String description, String inputSchema, Call call) {

    /** Answers one call; {@link ToolRefused} for input the model can fix. */
    @FunctionalInterface
    public interface Call {
        Map<String, Object> apply(String agent, Map<String, Object> arguments) throws Exception;
    }

    /** A string argument, or the refusal that names it. */
    public static String text(Map<String, Object> arguments, String name, boolean required) {
        Object value = arguments == null ? null : arguments.get(name);
        if (value == null || value.toString().isBlank()) {
            if (required) {
                throw new ToolRefused("argument '" + name + "' is required");
            }
            return null;
        }
        if (!(value instanceof String s)) {
            throw new ToolRefused("argument '" + name + "' must be a string");
        }
        return s;
    }
}
