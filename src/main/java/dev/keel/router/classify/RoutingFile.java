package dev.keel.router.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.boot.ConfigException;
import dev.keel.router.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads routing.yaml: the built-in copy, then the operator's file over it, checked rule by rule. */
final class RoutingFile {

    /**
     * Patterns run against the request in lower case and are written in lower case, so no case folding
     * is needed: matching case-insensitively cost more than half of a decision's time.
     */
    static final int FLAGS = 0;

    /** A letter in upper case outside an escape such as \\S or \\p{Lu}. */
    private static final Pattern UPPER = Pattern.compile("\\p{Lu}");
    private static final Pattern ESCAPE = Pattern.compile("\\\\(?:[pP]\\{[^}]*\\}|Q.*?\\\\E|.)");

    private static final ObjectMapper YAML = dev.keel.storage.InputMappers.yaml();
    private static final String BUILT_IN = "built-in routing.yaml";

    private RoutingFile() {
    }

    static RoutingRules load(Path file) {
        ObjectNode merged = read(null);
        Map<String, String> sources = new LinkedHashMap<>();
        merged.withArray("rules").forEach(r -> sources.put(r.path("id").asText(), BUILT_IN));
        String source = BUILT_IN;
        if (file != null && Files.isRegularFile(file)) {
            source = file.toString();
            overlay(merged, read(file), source, sources);
        }
        return build(merged, source, sources);
    }

    private static ObjectNode read(Path file) {
        String name = file == null ? BUILT_IN : file.toString();
        try (InputStream in = file == null ? RoutingFile.class.getResourceAsStream("/routing.yaml") : Files.newInputStream(file)) {
            JsonNode root = YAML.readTree(in);
            if (root == null || root.isMissingNode() || root.isNull()) {
                return YAML.createObjectNode();
            }
            if (!root.isObject()) {
                throw new ConfigException(RoutingRules.KEY, name + " must be a mapping with thresholds, long-prompt and rules");
            }
            return (ObjectNode) root;
        } catch (IOException e) {
            throw new ConfigException(RoutingRules.KEY, name + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Scalars and sections given in the operator's file replace ours; rules merge by id, field by field. */
    private static void overlay(ObjectNode base, ObjectNode over, String source, Map<String, String> sources) {
        for (String section : List.of("thresholds", "long-prompt")) {
            if (over.has(section)) {
                if (!over.get(section).isObject()) {
                    throw new ConfigException(RoutingRules.KEY, source + ": " + section + " must be a mapping");
                }
                base.with(section).setAll((ObjectNode) over.get(section));
            }
        }
        ArrayNode rules = base.withArray("rules");
        for (JsonNode rule : over.path("rules")) {
            String id = rule.path("id").asText("");
            if (id.isBlank() || !rule.isObject()) {
                throw new ConfigException(RoutingRules.KEY, source + ": every entry under rules needs an id");
            }
            ObjectNode existing = null;
            for (JsonNode r : rules) {
                if (r.path("id").asText().equals(id)) {
                    existing = (ObjectNode) r;
                }
            }
            if (existing == null) {
                rules.add(rule);
            } else {
                existing.setAll((ObjectNode) rule);
            }
            sources.put(id, source);
        }
    }

    private static RoutingRules build(ObjectNode root, String source, Map<String, String> sources) {
        double critical = positive(root.path("thresholds"), "critical", "thresholds.critical", source);
        double reasoning = positive(root.path("thresholds"), "reasoning", "thresholds.reasoning", source);
        long tokens = (long) positive(root.path("long-prompt"), "tokens", "long-prompt.tokens", source);
        double weight = number(root.path("long-prompt").path("weight"), source + ": long-prompt.weight");
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode r : root.withArray("rules")) {
            String id = r.path("id").asText("");
            String where = sources.getOrDefault(id, source) + ": rules '" + id + "'";
            if (!ids.add(id)) {
                throw new ConfigException(RoutingRules.KEY, where + " is listed twice");
            }
            if (r.path("enabled").asBoolean(true)) {
                rules.add(rule(r, id, where));
            }
        }
        for (Rule rule : rules) {
            for (String needed : rule.requires()) {
                if (!ids.contains(needed)) {
                    throw new ConfigException(RoutingRules.KEY, sources.get(rule.id()) + ": rules '" + rule.id() + "' requires '"
                            + needed + "', which is not a rule");
                }
            }
        }
        return new RoutingRules(critical, reasoning, tokens, weight, List.copyOf(rules), source);
    }

    private static Rule rule(JsonNode r, String id, String where) {
        String says = r.path("says").asText("");
        if (says.isBlank()) {
            throw new ConfigException(RoutingRules.KEY, where + " has no 'says': the reason needs words for this evidence");
        }
        JsonNode weights = r.path("weights");
        for (var names = weights.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("critical") && !name.equals("reasoning")) {
                throw new ConfigException(RoutingRules.KEY, where + " weights." + name + " is not a tier score: use critical or reasoning");
            }
        }
        double crit = weights.has("critical") ? number(weights.get("critical"), where + " weights.critical") : 0;
        double reas = weights.has("reasoning") ? number(weights.get("reasoning"), where + " weights.reasoning") : 0;
        List<Pattern> patterns = new ArrayList<>();
        int index = 0;
        for (JsonNode p : r.path("patterns")) {
            index++;
            if (UPPER.matcher(ESCAPE.matcher(p.asText()).replaceAll("")).find()) {
                throw new ConfigException(RoutingRules.KEY, where + " patterns[" + index + "] has upper-case letters: patterns match"
                        + " the request in lower case, so write them in lower case");
            }
            try {
                patterns.add(Pattern.compile(p.asText(), FLAGS));
            } catch (PatternSyntaxException e) {
                throw new ConfigException(RoutingRules.KEY, where + " patterns[" + index + "] is not a regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        Quantity quantity = r.has("quantity") ? quantity(r.get("quantity"), where) : null;
        if (patterns.isEmpty() && quantity == null) {
            throw new ConfigException(RoutingRules.KEY, where + " has neither patterns nor a quantity, so it can never match");
        }
        Tier floor = null;
        if (r.hasNonNull("floor")) {
            String raw = r.get("floor").asText();
            try {
                floor = Tier.valueOf(raw.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(RoutingRules.KEY, where + " floor '" + raw + "' is not one of local, reasoning, critical");
            }
        }
        List<String> requires = new ArrayList<>();
        r.path("requires").forEach(n -> requires.add(n.asText()));
        List<String> gate = new ArrayList<>();
        r.path("gate").forEach(n -> gate.add(n.asText().toLowerCase(Locale.ROOT)));
        return new Rule(id, says, crit, reas, List.copyOf(patterns), quantity, floor, List.copyOf(requires), List.copyOf(gate));
    }

    private static Quantity quantity(JsonNode q, String where) {
        double min = number(q.path("min"), where + " quantity.min");
        Map<String, Double> units = new LinkedHashMap<>();
        q.path("units").fields().forEachRemaining(e -> units.put(e.getKey(), number(e.getValue(), where + " quantity.units." + e.getKey())));
        if (units.isEmpty()) {
            throw new ConfigException(RoutingRules.KEY, where + " quantity has no units");
        }
        try {
            int gap = q.has("gap") ? (int) number(q.get("gap"), where + " quantity.gap") : 3;
            return Quantity.of(min, Math.max(0, gap), units);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(RoutingRules.KEY, where + " quantity.units has a unit that is not a regular expression: "
                    + e.getDescription());
        }
    }

    private static double positive(JsonNode section, String field, String name, String source) {
        double value = number(section.path(field), source + ": " + name);
        if (value <= 0) {
            throw new ConfigException(RoutingRules.KEY, source + ": " + name + " must be above 0, not " + value);
        }
        return value;
    }

    private static double number(JsonNode node, String what) {
        if (!node.isNumber()) {
            throw new ConfigException(RoutingRules.KEY, what + " must be a number, not '" + (node.isMissingNode() ? "" : node.asText()) + "'");
        }
        return node.asDouble();
    }
}
