package dev.keel.content.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.boot.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * safety.yaml as a tree: an operator's file laid over the built-in one (keys left out keep their
 * default, lists are replaced whole), read through typed getters whose errors are one line.
 */
public final class SafetyYaml {

    static final String KEY = "keel.content.safety-file";
    private static final ObjectMapper YAML = dev.keel.storage.InputMappers.yaml();

    private final JsonNode root;
    private final String source;

    private SafetyYaml(JsonNode root, String source) {
        this.root = root;
        this.source = source;
    }

    public static SafetyYaml builtIn() {
        try (InputStream in = SafetyYaml.class.getResourceAsStream("/safety.yaml")) {
            return new SafetyYaml(YAML.readTree(in), "built-in safety.yaml");
        } catch (IOException e) {
            throw new ConfigException(KEY, "cannot read the built-in safety.yaml: " + e.getMessage());
        }
    }

    /** The operator's file over the built-in defaults; an unknown key is an error, not ignored. */
    static SafetyYaml over(InputStream in, String source) {
        JsonNode overlay;
        try {
            overlay = YAML.readTree(in);
        } catch (IOException e) {
            throw new ConfigException(KEY, source + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        SafetyYaml base = builtIn();
        if (overlay == null || overlay.isMissingNode() || overlay.isNull()) {
            return new SafetyYaml(base.root, source);
        }
        SafetyYaml merged = new SafetyYaml(base.root.deepCopy(), source);
        merged.merge((ObjectNode) merged.root, overlay, "");
        return merged;
    }

    private void merge(ObjectNode base, JsonNode overlay, String path) {
        if (!overlay.isObject()) {
            throw error((path.isEmpty() ? "the file" : path) + " must be a map of keys");
        }
        for (Map.Entry<String, JsonNode> field : overlay.properties()) {
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode current = base.get(field.getKey());
            if (current == null) {
                List<String> known = new ArrayList<>();
                base.fieldNames().forEachRemaining(known::add);
                throw error("unknown key '" + at + "'; known here: " + String.join(", ", known));
            }
            if (current.isObject()) {
                merge((ObjectNode) current, field.getValue(), at);
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }

    public ConfigException error(String message) {
        return new ConfigException(KEY, source + ": " + message);
    }

    private JsonNode at(String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    boolean bool(String path) {
        JsonNode node = at(path);
        if (!node.isBoolean()) {
            throw error(path + " must be true or false, not '" + node.asText() + "'");
        }
        return node.booleanValue();
    }

    public int count(String path) {
        JsonNode node = at(path);
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 0) {
            throw error(path + " must be a whole number of 0 or more, not '" + node.asText() + "'");
        }
        return node.intValue();
    }

    public List<String> strings(String path) {
        JsonNode node = at(path);
        if (!node.isArray()) {
            throw error(path + " must be a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isValueNode() || item.asText().isBlank()) {
                throw error(path + " holds an empty or non-text entry");
            }
            out.add(item.asText().strip());
        }
        return List.copyOf(out);
    }

    public List<Pattern> regexes(String path) {
        return strings(path).stream().map(raw -> regex(path, raw)).toList();
    }

    /** A list of {name, regex} maps. */
    List<Map.Entry<String, Pattern>> namedRegexes(String path) {
        List<Map.Entry<String, Pattern>> out = new ArrayList<>();
        for (JsonNode item : at(path)) {
            String name = item.path("name").asText("");
            if (name.isBlank() || !item.path("regex").isTextual()) {
                throw error(path + " entries need a name and a regex");
            }
            out.add(Map.entry(name, regex(path + " '" + name + "'", item.path("regex").asText())));
        }
        return List.copyOf(out);
    }

    private Pattern regex(String what, String raw) {
        try {
            return Pattern.compile(raw);
        } catch (PatternSyntaxException e) {
            throw error(what + ": '" + raw + "' is not a valid regex (" + e.getDescription() + ")");
        }
    }

    public <E extends Enum<E>> E choice(String path, Class<E> type) {
        String raw = at(path).asText("");
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(raw.replace('-', '_'))) {
                return e;
            }
        }
        throw error(path + " '" + raw + "' is not one of "
                + List.of(type.getEnumConstants()).toString().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
