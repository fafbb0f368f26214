package dev.keel.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.keel.router.AnswerFormat;
import dev.keel.web.Http;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Whether a structured answer is what was asked for: JSON, an object, and valid against the schema (networknt). Pure. */
final class AnswerCheck {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private AnswerCheck() {
    }

    /** Empty when {@code text} is a valid answer, else what is wrong with it, in a sentence. */
    static Optional<String> problem(String text, AnswerFormat format) {
        JsonNode answer;
        try {
            answer = text == null || text.isBlank() ? null : Http.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.of("the answer is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (answer == null) {
            return Optional.of("the answer is empty");
        }
        if (format.schema() == null) {
            return answer.isObject() ? Optional.empty() : Optional.of("the answer is JSON but not an object");
        }
        try {
            JsonSchema schema = SCHEMAS.getSchema(Http.mapper().readTree(format.schema()));
            Set<ValidationMessage> errors = schema.validate(answer);
            return errors.isEmpty() ? Optional.empty() : Optional.of("the answer does not match the schema '" + format.name() + "': "
                    + errors.stream().map(ValidationMessage::getMessage).sorted().limit(5).collect(Collectors.joining("; ")));
        } catch (JsonProcessingException e) {
            return Optional.of("the schema is not JSON (" + e.getOriginalMessage() + ")");
        }
    }
}
