package dev.keel.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import org.junit.jupiter.api.Test;

class ToolSchemasTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStringEnumIsAnEnumElementAndANestedObjectKeepsItsOwnJson() throws Exception {
        JsonObjectSchema schema = ToolSchemas.object(JSON.readTree("{\"type\":\"object\",\"additionalProperties\":false,"
                + "\"properties\":{\"unit\":{\"type\":\"string\",\"enum\":[\"c\",\"f\"]},\"at\":{\"type\":\"object\",\"properties\":"
                + "{\"lat\":{\"type\":\"number\"}}}},\"$defs\":{\"pt\":{\"type\":\"object\"}}}"));

        assertThat(schema.properties().get("unit")).isInstanceOf(JsonEnumSchema.class);
        assertThat(JSON.readTree(((JsonRawSchema) schema.properties().get("at")).schema()))
                .isEqualTo(JSON.readTree("{\"type\":\"object\",\"properties\":{\"lat\":{\"type\":\"number\"}}}"));
        assertThat(schema.additionalProperties()).isFalse();
        assertThat(schema.definitions()).containsKey("pt");
    }

    @Test
    void noParametersIsAnObjectWithoutProperties() {
        assertThat(ToolSchemas.object(null).properties()).isEmpty();
    }
}
