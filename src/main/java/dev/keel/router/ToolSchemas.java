package dev.keel.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An OpenAI/Anthropic JSON Schema (a tool's parameters, a response format) as langchain4j's schema
 * elements. A property langchain4j's typed elements carry whole (a type and a description, a string
 * enum) becomes that element; anything richer (nested objects, anyOf, minimum, pattern, format...)
 * goes as a {@link JsonRawSchema} holding the caller's own JSON, so no keyword is lost on the way to
 * the provider.
 */
public final class ToolSchemas {

    private static final Set<String> PLAIN = Set.of("type", "description");
    private static final Set<String> ENUM = Set.of("type", "description", "enum");

    private ToolSchemas() {
    }

    /** The root of a tool's parameters: always an object (an absent schema is an object without properties). */
    public static JsonObjectSchema object(JsonNode schema) {
        JsonObjectSchema.Builder object = JsonObjectSchema.builder();
        if (schema == null || schema.isNull() || schema.isMissingNode()) {
            return object.build();
        }
        if (schema.hasNonNull("description")) {
            object.description(schema.get("description").asText());
        }
        schema.path("properties").fields().forEachRemaining(e -> object.addProperty(e.getKey(), element(e.getValue())));
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        if (!required.isEmpty()) {
            object.required(required);
        }
        if (schema.path("additionalProperties").isBoolean()) {
            object.additionalProperties(schema.get("additionalProperties").asBoolean());
        }
        // langchain4j writes definitions back as $defs; references inside are passed on as the caller wrote them
        java.util.Map<String, JsonSchemaElement> definitions = new java.util.LinkedHashMap<>();
        for (String defs : List.of("$defs", "definitions")) {
            schema.path(defs).fields().forEachRemaining(e -> definitions.put(e.getKey(), JsonRawSchema.from(e.getValue().toString())));
        }
        if (!definitions.isEmpty()) {
            object.definitions(definitions);
        }
        return object.build();
    }

    /** One property: a typed element where it carries every keyword, else the raw schema. */
    static JsonSchemaElement element(JsonNode schema) {
        String type = schema.path("type").isTextual() ? schema.get("type").asText() : "";
        String description = schema.hasNonNull("description") ? schema.get("description").asText() : null;
        if (only(schema, PLAIN)) {
            switch (type) {
                case "string" -> {
                    return JsonStringSchema.builder().description(description).build();
                }
                case "integer" -> {
                    return JsonIntegerSchema.builder().description(description).build();
                }
                case "number" -> {
                    return JsonNumberSchema.builder().description(description).build();
                }
                case "boolean" -> {
                    return JsonBooleanSchema.builder().description(description).build();
                }
                default -> {
                }
            }
        }
        if (type.equals("string") && only(schema, ENUM) && schema.path("enum").isArray() && allText(schema.get("enum"))) {
            List<String> values = new ArrayList<>();
            schema.get("enum").forEach(v -> values.add(v.asText()));
            return JsonEnumSchema.builder().description(description).enumValues(values).build();
        }
        return JsonRawSchema.from(schema.toString());
    }

    private static boolean only(JsonNode schema, Set<String> keys) {
        java.util.Iterator<String> names = schema.fieldNames();
        while (names.hasNext()) {
            if (!keys.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    private static boolean allText(JsonNode values) {
        for (JsonNode v : values) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
