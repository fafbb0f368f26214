package dev.keel.router.classify;

import java.nio.file.Path;
import java.util.List;

/**
 * The content classifier's configuration: the score thresholds per tier, the long-prompt rule and
 * the labelled evidence rules, read from Keel's built-in routing.yaml overlaid by the operator's.
 */
public record RoutingRules(double criticalThreshold, double reasoningThreshold, long longPromptTokens, double longPromptWeight,
                           List<Rule> rules, String source) {

    /** The setting naming the operator's routing file. */
    public static final String KEY = "keel.router.routing-file";

    private static volatile RoutingRules builtIn;

    /** Keel's defaults, as documented in the built-in routing.yaml. */
    public static RoutingRules builtIn() {
        RoutingRules rules = builtIn;
        if (rules == null) {
            rules = RoutingFile.load(null);
            builtIn = rules;
        }
        return rules;
    }

    /** The built-in rules overlaid by {@code file} when it exists; a mistake is a ConfigException naming the file and key. */
    public static RoutingRules load(Path file) {
        return RoutingFile.load(file);
    }

    public Rule rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }
}
