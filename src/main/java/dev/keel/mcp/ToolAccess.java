package dev.keel.mcp;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who may call which tool (mcp.yaml {@code agents:}): an agent's own entry, else {@code default}. Keel's own tools
 * are allowed unless denied; an external server's tools only when allowed and not denied (deny wins). Patterns
 * are tool names with {@code *} for any run of characters.
 */
public record ToolAccess(Map<String, Rule> agents) {

    /** One agent's allow and deny patterns. */
    public record Rule(List<String> allow, List<String> deny) {
    }

    public static final String DEFAULT = "default";

    public static ToolAccess none() {
        return new ToolAccess(Map.of());
    }

    public boolean allows(String agent, String tool, boolean own) {
        Rule rule = agents.getOrDefault(agent, agents.get(DEFAULT));
        if (rule == null) {
            return own;
        }
        if (matches(rule.deny(), tool)) {
            return false;
        }
        return own || matches(rule.allow(), tool);
    }

    /** Why a call is refused, in words a model can act on. */
    public String refusal(String agent, String tool) {
        return "tool '" + tool + "' is not allowed for agent '" + agent + "' (ops/configs/mcp.yaml agents." + agent
                + "); ask an operator to allow it";
    }

    private static boolean matches(List<String> patterns, String tool) {
        return patterns.stream().anyMatch(p -> glob(p).matcher(tool).matches());
    }

    static Pattern glob(String pattern) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            regex.append(".*").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }
}
