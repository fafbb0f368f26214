package dev.keel.router.classify;

import dev.keel.router.Tier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What content outcomes say about the routing rules, pure: per routing rule and per kind, how many
 * tasks went local first, how many of those local outputs failed QA and were escalated, what
 * accepted outputs cost per tier, and a suggestion for each rule whose local outputs fail too often.
 */
public record RoutingReview(Map<String, Figures> byRule, Map<String, Figures> byKind, Map<Tier, Double> costPerAccepted,
                            List<Suggestion> suggestions) {

    /** Ended tasks alike in kind, rule, final tier, escalation and outcome, counted, with what they cost in all. */
    public record Group(String kind, String rule, Tier tier, boolean escalated, boolean accepted, long tasks, double costUsd) {
    }

    /**
     * One rule's or kind's figures. {@code local}: tasks that went to the local tier first; {@code localFailures}: their
     * outputs that failed QA (each was escalated once); {@code localCostUsd}: what the local-first tasks cost, escalations included.
     */
    public record Figures(long tasks, long local, long localFailures, long accepted, double costUsd, double localCostUsd) {
        public double failureRate() {
            return local == 0 ? 0 : (double) localFailures / local;
        }
    }

    /**
     * A change the outcomes support: send what {@code rule} matches to at least the reasoning tier.
     * {@code tunable} is false for what routing.yaml cannot change (a kind, no evidence at all).
     */
    public record Suggestion(String rule, boolean tunable, long local, long failures, double actualCostUsd, double directCostUsd,
                             String text) {
    }

    /** A rule's local outputs must fail this often, over at least {@code MIN_LOCAL} tasks, for a suggestion. */
    public static final double FAILURE_RATE = 0.25;
    public static final int MIN_LOCAL = 4;

    public static RoutingReview of(List<Group> groups, RoutingRules rules) {
        Map<String, Figures> byRule = new TreeMap<>();
        Map<String, Figures> byKind = new TreeMap<>();
        Map<Tier, double[]> accepted = new EnumMap<>(Tier.class);
        Map<Tier, double[]> acceptedFirstTime = new EnumMap<>(Tier.class);
        for (Group g : groups) {
            byRule.merge(g.rule(), figures(g), RoutingReview::sum);
            byKind.merge(g.kind() == null ? "(none)" : g.kind(), figures(g), RoutingReview::sum);
            if (g.accepted() && g.tier() != null) {
                add(accepted, g.tier(), g);
                if (!g.escalated()) {
                    add(acceptedFirstTime, g.tier(), g);
                }
            }
        }
        Map<Tier, Double> perAccepted = new EnumMap<>(Tier.class);
        accepted.forEach((tier, sums) -> perAccepted.put(tier, sums[1] / sums[0]));
        // An escalated task's cost holds its failed local attempt too, so a reasoning output straight away costs what
        // first-time reasoning outputs cost; only without those is the escalated cost the estimate (an upper bound).
        double direct = acceptedFirstTime.containsKey(Tier.REASONING) ? acceptedFirstTime.get(Tier.REASONING)[1]
                / acceptedFirstTime.get(Tier.REASONING)[0] : perAccepted.getOrDefault(Tier.REASONING, 0.0);
        List<Suggestion> suggestions = new ArrayList<>();
        byRule.forEach((rule, f) -> {
            if (f.local() >= MIN_LOCAL && f.failureRate() >= FAILURE_RATE) {
                suggestions.add(suggestion(rule, rules.rule(rule) != null, f, direct));
            }
        });
        return new RoutingReview(byRule, byKind, perAccepted, List.copyOf(suggestions));
    }

    private static Suggestion suggestion(String rule, boolean tunable, Figures f, double direct) {
        double instead = f.local() * direct;
        double difference = f.localCostUsd() - instead;
        String money = difference >= 0
                ? String.format(Locale.ROOT, "would have cost %s less than the local attempts and escalations did (%s)",
                dev.keel.ledger.Money.usd(difference), dev.keel.ledger.Money.usd(f.localCostUsd()))
                : String.format(Locale.ROOT, "would have cost %s more than the local attempts and escalations did (%s), and spared"
                + " %d failed local outputs and their second call", dev.keel.ledger.Money.usd(-difference),
                dev.keel.ledger.Money.usd(f.localCostUsd()), f.localFailures());
        String change = tunable ? "give rule " + rule + " `floor: reasoning` in routing.yaml (`keel route tune` proposes it)"
                : rule.startsWith("kind:") ? "add '" + rule.substring(5) + "' to routing.reasoning-kinds in providers.yaml"
                : "add a routing.yaml rule for these tasks (they matched no rule)";
        String text = String.format(Locale.ROOT, "tasks routed by rule %s failed QA locally %.0f%% of the time (%d of %d); routing them"
                + " to the reasoning tier (about %s each) %s: %s", rule, 100 * f.failureRate(), f.localFailures(), f.local(),
                dev.keel.ledger.Money.usd(direct),
                money, change);
        return new Suggestion(rule, tunable, f.local(), f.localFailures(), f.localCostUsd(), instead, text);
    }

    private static Figures figures(Group g) {
        boolean local = g.escalated() || g.tier() == Tier.LOCAL;
        return new Figures(g.tasks(), local ? g.tasks() : 0, g.escalated() ? g.tasks() : 0, g.accepted() ? g.tasks() : 0, g.costUsd(),
                local ? g.costUsd() : 0);
    }

    private static Figures sum(Figures a, Figures b) {
        return new Figures(a.tasks() + b.tasks(), a.local() + b.local(), a.localFailures() + b.localFailures(), a.accepted() + b.accepted(),
                a.costUsd() + b.costUsd(), a.localCostUsd() + b.localCostUsd());
    }

    private static void add(Map<Tier, double[]> sums, Tier tier, Group g) {
        double[] s = sums.computeIfAbsent(tier, t -> new double[2]);
        s[0] += g.tasks();
        s[1] += g.costUsd();
    }

    /** Rules in the order of their suggestions, for the tune: each one's proposed fields. */
    public Map<String, String> proposedFloors() {
        Map<String, String> floors = new LinkedHashMap<>();
        suggestions.stream().filter(Suggestion::tunable).forEach(s -> floors.put(s.rule(), "reasoning"));
        return floors;
    }
}
