package dev.keel.router.classify;

import dev.keel.router.Tier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Decides local, reasoning or critical from a request's content (the system prompt, the
 * conversation and the last message as one text), pure: every rule of routing.yaml that finds its
 * evidence adds its weights; thresholds and floors pick the tier; the verdict names the evidence.
 */
public final class ContentClassifier {

    /** The verdict: the tier, the rule that weighed most for it, every piece of evidence, the scores and the reason. */
    public record Verdict(Tier tier, String rule, List<Evidence> evidence, double critical, double reasoning, String reason) {
    }

    /** The rule id of a verdict no evidence spoke for. */
    public static final String NO_EVIDENCE = "no-evidence";
    static final String LONG_PROMPT = "long-prompt";

    /** How many pieces of evidence a reason names; the rest are in the verdict. */
    private static final int NAMED = 4;

    private final RoutingRules rules;

    public ContentClassifier(RoutingRules rules) {
        this.rules = rules;
    }

    public RoutingRules rules() {
        return rules;
    }

    public Verdict classify(String text, long tokens) {
        String original = text == null ? "" : text;
        String content = original.toLowerCase(Locale.ROOT);
        List<Evidence> found = new ArrayList<>();
        Set<String> matched = new HashSet<>();
        Tier floor = Tier.LOCAL;
        Evidence floorEvidence = null;
        List<Rule> conditional = new ArrayList<>();
        for (Rule rule : rules.rules()) {
            if (!rule.requires().isEmpty()) {
                conditional.add(rule);
                continue;
            }
            var e = rule.find(content, original);
            if (e.isPresent()) {
                found.add(e.get());
                matched.add(rule.id());
                if (rule.floor() != null && rule.floor().compareTo(floor) > 0) {
                    floor = rule.floor();
                    floorEvidence = e.get();
                }
            }
        }
        for (Rule rule : conditional) {
            if (rule.requires().stream().anyMatch(matched::contains)) {
                rule.find(content, original).ifPresent(found::add);
            }
        }
        if (tokens >= rules.longPromptTokens()) {
            found.add(new Evidence(LONG_PROMPT, "a long request", "about " + tokens + " tokens", 0, rules.longPromptWeight()));
        }
        double critical = found.stream().mapToDouble(Evidence::critical).sum();
        double reasoning = found.stream().mapToDouble(Evidence::reasoning).sum();
        Tier scored = critical >= rules.criticalThreshold() ? Tier.CRITICAL
                : reasoning + Math.max(critical, 0) >= rules.reasoningThreshold() ? Tier.REASONING : Tier.LOCAL;
        Tier tier = scored.compareTo(floor) >= 0 ? scored : floor;
        return verdict(tier, scored != tier ? floorEvidence : null, found, critical, reasoning);
    }

    private Verdict verdict(Tier tier, Evidence lifted, List<Evidence> found, double critical, double reasoning) {
        String scores = String.format(Locale.ROOT, "critical score %.1f, reasoning score %.1f, against thresholds %.1f and %.1f",
                critical, reasoning + Math.max(critical, 0), rules.criticalThreshold(), rules.reasoningThreshold());
        if (tier == Tier.LOCAL) {
            List<Evidence> routine = top(found, e -> -(e.critical() + e.reasoning()));
            List<Evidence> weaker = top(found, e -> e.critical() + e.reasoning());
            String rule = routine.isEmpty() ? NO_EVIDENCE : routine.get(0).rule();
            String reason = (routine.isEmpty() ? "no evidence of stakes, code, multi-step reasoning or a long input"
                    : "routine work: " + names(routine))
                    + (weaker.isEmpty() ? "" : "; weaker signs (" + names(weaker) + ") stay below the thresholds (" + scores + ")")
                    + ", so the local model fits";
            return new Verdict(tier, rule, List.copyOf(found), critical, reasoning, reason);
        }
        ToDoubleFunction<Evidence> weight = tier == Tier.CRITICAL ? Evidence::critical : e -> e.reasoning() + Math.max(e.critical(), 0);
        List<Evidence> reasons = top(found, weight);
        String rule = lifted != null ? lifted.rule() : reasons.get(0).rule();
        String reason = lifted != null
                ? lifted.describe() + ": at least the " + name(tier) + " tier"
                : names(reasons) + ": the " + name(tier) + " tier (" + scores + ")";
        return new Verdict(tier, rule, List.copyOf(found), critical, reasoning, reason);
    }

    /** The evidence that weighs most by {@code weight}, strongest first; ties keep the rules' order. */
    private static List<Evidence> top(List<Evidence> found, ToDoubleFunction<Evidence> weight) {
        return found.stream().filter(e -> weight.applyAsDouble(e) > 0)
                .sorted(Comparator.comparingDouble(weight).reversed()).limit(NAMED).toList();
    }

    private static String names(List<Evidence> evidence) {
        return String.join(", ", evidence.stream().map(Evidence::describe).toList());
    }

    private static String name(Tier tier) {
        return tier.name().toLowerCase(Locale.ROOT);
    }
}
