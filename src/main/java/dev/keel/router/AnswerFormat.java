package dev.keel.router;

/**
 * A structured answer the caller asked for: {@code schema} is the JSON Schema text the answer must
 * match, or null for any JSON object ({@code json_object}); {@code name} is the schema's name.
 */
public record AnswerFormat(String name, String schema, boolean strict) {

    public static AnswerFormat anyObject() {
        return new AnswerFormat("json_object", null, false);
    }
}
