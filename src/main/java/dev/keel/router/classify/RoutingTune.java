package dev.keel.router.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The change {@code keel route tune} proposes, pure: the operator's routing.yaml with the review's
 * suggestions applied (rules given {@code floor: reasoning}), and a line diff against the old text.
 */
public final class RoutingTune {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    static final String HEADER = "# Keel's routing rules, overlaid on the built-in routing.yaml (see its comments for every field).\n"
            + "# Written by `keel route tune --apply` from ops/health/ROUTING_REVIEW.md; the file before it is kept beside.\n";

    private RoutingTune() {
    }

    /** {@code current} (the operator's file, empty when there is none) with each rule of {@code floors} given that floor. */
    public static String propose(String current, Map<String, String> floors) {
        try {
            JsonNode parsed = current.isBlank() ? null : YAML.readTree(current);
            ObjectNode root = parsed instanceof ObjectNode o ? o : YAML.createObjectNode();
            ArrayNode rules = root.withArray("rules");
            floors.forEach((rule, floor) -> {
                ObjectNode entry = null;
                for (JsonNode r : rules) {
                    if (rule.equals(r.path("id").asText())) {
                        entry = (ObjectNode) r;
                    }
                }
                if (entry == null) {
                    entry = rules.addObject().put("id", rule);
                }
                entry.put("floor", floor);
            });
            String body = YAML.writeValueAsString(root);
            return (current.startsWith("#") ? leadingComments(current) : HEADER) + body;
        } catch (IOException e) {
            throw new UncheckedIOException("routing.yaml: " + e.getMessage(), e);
        }
    }

    private static String leadingComments(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.startsWith("#")) {
                break;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** A unified-style line diff (longest common subsequence): "-" old lines, "+" new lines, " " kept ones. */
    public static String diff(String before, String after, String name) {
        String[] a = before.isEmpty() ? new String[0] : before.split("\n", -1);
        String[] b = after.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>(List.of("--- " + name, "+++ " + name + " (proposed)"));
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                out.add(" " + a[i++]);
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add("+" + b[j++]);
            } else {
                out.add("-" + a[i++]);
            }
        }
        return String.join("\n", out) + "\n";
    }
}
