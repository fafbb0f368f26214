package dev.keel.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import dev.keel.storage.InputMappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * alerts.yaml laid over the built-in alerts-default.yaml, read and checked: every mistake is one line naming the rule or
 * sink and the field. {@link #problems(Path)} lists them all (for {@code keel check}); {@link #load(Path)} refuses to start on one.
 */
public record AlertRulesFile(List<AlertRule> rules, Map<String, AlertSink> sinks) {

    public static final String KEY = "keel.alerts.rules-file";

    private static final Set<String> TOP = Set.of("default-sinks", "rules", "sinks");
    private static final Set<String> RULE_FIELDS = Set.of("kind", "severity", "for", "repeat", "sinks", "enabled");
    private static final Set<String> SINK_FIELDS = Set.of("type", "url", "url-secret", "token-secret", "host", "port", "from", "to",
            "username", "password-secret", "starttls");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** The file read once: the rules Keel would run with, and one line per problem (none when Keel starts with them). */
    public record Read(AlertRulesFile rules, List<String> problems) {

        /** The rules; a bad file stops start-up with its first problem (every one is in the message count). */
        public AlertRulesFile orRefuse() {
            if (!problems.isEmpty()) {
                String more = problems.size() == 1 ? "" : " (and " + (problems.size() - 1) + " more: " + String.join("; ",
                        problems.subList(1, problems.size())) + ")";
                throw new ConfigException(KEY, problems.get(0) + more);
            }
            return rules;
        }
    }

    /** {@code file} over the defaults, read and checked. */
    public static Read read(Path file) {
        List<String> problems = new ArrayList<>();
        AlertRulesFile rules = read(file, problems);
        return new Read(rules, List.copyOf(problems));
    }

    /** One line per problem of {@code file} over the defaults; empty when Keel would start with it (or it does not exist). */
    public static List<String> problems(Path file) {
        return read(file).problems();
    }

    /** The rules and sinks Keel runs with; a bad file stops start-up with its first problem. */
    public static AlertRulesFile load(Path file) {
        return read(file).orRefuse();
    }

    private static AlertRulesFile read(Path file, List<String> problems) {
        JsonNode merged;
        try (InputStream in = AlertRulesFile.class.getResourceAsStream("/alerts-default.yaml")) {
            merged = InputMappers.yaml().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("the built-in alerts-default.yaml cannot be read", e);
        }
        boolean own = file != null && Files.isRegularFile(file);
        String source = own ? file.toString() : "built-in alerts-default.yaml";
        if (own) {
            try (InputStream in = Files.newInputStream(file)) {
                JsonNode user = InputMappers.yaml().readTree(in);
                if (user != null && !user.isMissingNode() && !user.isNull()) {
                    if (!user.isObject()) {
                        problems.add(source + " is not a mapping of default-sinks, rules and sinks");
                        return new AlertRulesFile(List.of(), Map.of());
                    }
                    overlay((ObjectNode) merged, user, source, problems);
                }
            } catch (IOException e) {
                problems.add(source + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
                return new AlertRulesFile(List.of(), Map.of());
            }
        }
        Map<String, AlertSink> sinks = new LinkedHashMap<>();
        merged.path("sinks").fields().forEachRemaining(e -> {
            AlertSink sink = SinkFields.sink(e.getKey(), e.getValue(), source, problems);
            if (sink != null) {
                sinks.put(sink.name(), sink);
            }
        });
        List<String> defaultSinks = strings(merged.path("default-sinks"));
        defaultSinks.stream().filter(s -> !sinks.containsKey(s))
                .forEach(s -> problems.add(source + ": default-sinks names '" + s + "', which is not under sinks:"));
        List<AlertRule> rules = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = merged.path("rules").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            AlertRule rule = rule(e.getKey(), e.getValue(), defaultSinks, sinks, source, problems);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new AlertRulesFile(List.copyOf(rules), Map.copyOf(sinks));
    }

    /** Rules the user names replace only the fields they give; sinks and default-sinks are the user's. */
    private static void overlay(ObjectNode merged, JsonNode user, String source, List<String> problems) {
        user.fieldNames().forEachRemaining(name -> {
            if (!TOP.contains(name)) {
                problems.add(source + ": '" + name + "' is not a known section; use default-sinks, rules and sinks");
            }
        });
        if (user.has("default-sinks")) {
            merged.set("default-sinks", user.get("default-sinks"));
        }
        if (user.has("sinks")) {
            merged.set("sinks", user.get("sinks"));
        }
        ObjectNode rules = (ObjectNode) merged.path("rules");
        user.path("rules").fields().forEachRemaining(e -> {
            if (!e.getValue().isObject()) {
                problems.add(source + ": rule '" + e.getKey() + "' is not a mapping of fields");
            } else if (rules.get(e.getKey()) instanceof ObjectNode known) {
                known.setAll((ObjectNode) e.getValue());
            } else {
                rules.set(e.getKey(), e.getValue());
            }
        });
    }

    private static AlertRule rule(String id, JsonNode node, List<String> defaultSinks, Map<String, AlertSink> sinks, String source,
                                  List<String> problems) {
        String where = source + ": rule '" + id + "'";
        int before = problems.size();
        if (!ID.matcher(id).matches()) {
            problems.add(where + ": an id is lower-case letters, digits and '-'");
        }
        String kindName = node.path("kind").asText(id);
        RuleKind kind = RuleKind.of(kindName).orElse(null);
        if (kind == null) {
            problems.add(where + ": kind '" + kindName + "' is not one of " + kinds());
            return null;
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!RULE_FIELDS.contains(f) && !kind.defaults().containsKey(f)) {
                problems.add(where + ": '" + f + "' is not a field of a " + kind.label() + " rule; it takes " + fieldsOf(kind));
            }
        });
        Alert.Severity severity = null;
        String rawSeverity = node.path("severity").asText("warning");
        try {
            severity = Alert.Severity.valueOf(rawSeverity.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(where + ": severity '" + rawSeverity + "' is not one of info, warning, critical");
        }
        Duration holdFor = duration(node.path("for").asText("0s"), where + ": for", Duration.ofDays(1), problems);
        Duration repeat = duration(node.path("repeat").asText("0s"), where + ": repeat", Duration.ofDays(7), problems);
        if (repeat != null && !repeat.isZero() && repeat.compareTo(Duration.ofMinutes(1)) < 0) {
            problems.add(where + ": repeat '" + node.path("repeat").asText() + "' is under a minute; use 1m or more (0s: never repeat)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        kind.defaults().forEach((name, fallback) -> {
            String value = node.path(name).asText(fallback);
            params.put(name, value);
            if (fallback.matches(".*[a-z]$")) {
                duration(value, where + ": " + name, Duration.ofDays(30), problems);
            } else if (!isPositiveNumber(value)) {
                problems.add(where + ": " + name + " '" + value + "' is not a number above 0");
            }
        });
        if (node.has("enabled") && !node.get("enabled").isBoolean()) {
            problems.add(where + ": enabled '" + node.get("enabled").asText() + "' is not true or false");
        }
        List<String> ruleSinks = node.has("sinks") ? strings(node.path("sinks")) : defaultSinks;
        ruleSinks.stream().filter(s -> !sinks.containsKey(s))
                .forEach(s -> problems.add(where + ": sink '" + s + "' is not under sinks:"));
        if (problems.size() > before) {
            return null;
        }
        return new AlertRule(id, kind, severity, holdFor, repeat, params, ruleSinks, node.path("enabled").asBoolean(true));
    }

    static Duration duration(String raw, String what, Duration max, List<String> problems) {
        Duration value = KeelSettings.parseDuration(raw);
        if (value == null || value.isNegative()) {
            problems.add(what + " '" + raw + "' is not a duration; write it like 0s, 30s, 5m or 1h");
            return null;
        }
        if (value.compareTo(max) > 0) {
            problems.add(what + " '" + raw + "' is over " + max.toDays() + " days");
            return null;
        }
        return value;
    }

    private static boolean isPositiveNumber(String value) {
        try {
            return Double.parseDouble(value) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String kinds() {
        return String.join(", ", java.util.Arrays.stream(RuleKind.values()).map(RuleKind::label).toList());
    }

    private static String fieldsOf(RuleKind kind) {
        List<String> fields = new ArrayList<>(List.of("kind", "severity", "for", "repeat", "sinks", "enabled"));
        fields.addAll(kind.defaults().keySet().stream().sorted().toList());
        return String.join(", ", fields);
    }

    static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list.isTextual()) {
            out.add(list.asText());
        }
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    static Set<String> sinkFields() {
        return SINK_FIELDS;
    }
}
