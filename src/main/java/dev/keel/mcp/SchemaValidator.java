package dev.keel.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SDK's JSON Schema check on networknt json-schema-validator 1.5 (which Keel's batch files already use).
 * The SDK's own jackson2 validator needs networknt 2.x, whose classes share the 1.x package names, so the
 * two cannot be on one classpath; this one is handed to the server and clients instead.
 */
public final class SchemaValidator implements JsonSchemaValidator {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        try {
            JsonNode value = json.valueToTree(structuredContent);
            Set<ValidationMessage> problems = FACTORY.getSchema(json.valueToTree(schema)).validate(value);
            if (problems.isEmpty()) {
                return ValidationResponse.asValid(json.writeValueAsString(value));
            }
            return ValidationResponse.asInvalid(problems.stream().map(ValidationMessage::getMessage).sorted()
                    .collect(Collectors.joining("; ")));
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return ValidationResponse.asInvalid("schema check failed: " + e.getMessage());
        }
    }
}
