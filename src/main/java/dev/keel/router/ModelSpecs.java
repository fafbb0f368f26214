package dev.keel.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.boot.ConfigException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a provider's {@code models:} from providers.yaml: each entry is a model name, or
 * {@code {name, supports: [tools, vision, json_schema, reasoning], end-of-life: 2027-01-31}}. A plain
 * name takes the provider's own {@code supports:} list.
 */
final class ModelSpecs {

    private static final String KEY = "keel.router.providers-file";

    private ModelSpecs() {
    }

    static Map<String, ModelSpec> parse(JsonNode provider, String where) {
        Set<Capability> shared = capabilities(provider.path("supports"), where);
        Map<String, ModelSpec> specs = new LinkedHashMap<>();
        for (JsonNode m : provider.path("models")) {
            String name = m.isObject() ? m.path("name").asText("") : m.asText("");
            if (name.isBlank()) {
                throw new ConfigException(KEY, where + " has a model without a name");
            }
            Set<Capability> supports = m.isObject() && m.has("supports") ? capabilities(m.path("supports"), where + " model " + name) : shared;
            specs.put(name, new ModelSpec(name, supports, date(m.path("end-of-life"), where + " model " + name)));
        }
        return specs;
    }

    private static Set<Capability> capabilities(JsonNode list, String where) {
        Set<Capability> out = EnumSet.noneOf(Capability.class);
        for (JsonNode n : list) {
            Capability c = Capability.of(n.asText());
            if (c == null) {
                throw new ConfigException(KEY, where + " supports '" + n.asText() + "', which is not one of tools, vision, json_schema,"
                        + " reasoning");
            }
            out.add(c);
        }
        return out;
    }

    private static LocalDate date(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return LocalDate.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new ConfigException(KEY, where + " end-of-life '" + node.asText() + "' is not a date (yyyy-mm-dd)");
        }
    }
}
