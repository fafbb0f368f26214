package dev.keel.router.classify;

import dev.keel.router.ModelRouter;
import dev.keel.router.Tier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How the routing policy does on labelled prompts, with the state quiet (no budgets spent, all
 * providers up): the confusion matrix, accuracy, per-tier precision and recall, the routed mix's
 * estimated cost against sending everything to the critical tier, and every misroute with its reason.
 */
public record Evaluation(int total, long[][] confusion, double routedCostUsd, double allCriticalCostUsd, List<Miss> misses) {

    /** A prompt the policy sent to another tier than its label, with the reason it gave. */
    public record Miss(String id, Tier labelled, Tier routed, String text, String reason) {
    }

    /** Expected output tokens per prompt for the cost estimate, as {@code keel route explain} assumes. */
    static final long OUTPUT_TOKENS = 512;

    public static Evaluation of(ModelRouter router, List<LabelledPrompts.Labelled> prompts) {
        long[][] confusion = new long[3][3];
        double routed = 0;
        double critical = 0;
        List<Miss> misses = new ArrayList<>();
        for (LabelledPrompts.Labelled p : prompts) {
            ModelRouter.Decision d = router.decide(new ModelRouter.Task(p.text(), null, null, OUTPUT_TOKENS), ModelRouter.State.quiet());
            ModelRouter.Decision top = router.decide(new ModelRouter.Task(p.text(), null, Tier.CRITICAL, OUTPUT_TOKENS),
                    ModelRouter.State.quiet());
            confusion[p.tier().ordinal()][d.tier().ordinal()]++;
            routed += d.estimatedCostUsd();
            critical += top.estimatedCostUsd();
            if (d.tier() != p.tier()) {
                misses.add(new Miss(p.id(), p.tier(), d.tier(), p.text(), d.reason()));
            }
        }
        return new Evaluation(prompts.size(), confusion, routed, critical, List.copyOf(misses));
    }

    public double accuracy() {
        long right = 0;
        for (Tier t : Tier.values()) {
            right += confusion[t.ordinal()][t.ordinal()];
        }
        return total == 0 ? 0 : (double) right / total;
    }

    /** Of the prompts routed to {@code tier}, the share labelled so. */
    public double precision(Tier tier) {
        long routed = 0;
        for (Tier t : Tier.values()) {
            routed += confusion[t.ordinal()][tier.ordinal()];
        }
        return routed == 0 ? 1 : (double) confusion[tier.ordinal()][tier.ordinal()] / routed;
    }

    /** Of the prompts labelled {@code tier}, the share routed there. */
    public double recall(Tier tier) {
        long labelled = labelled(tier);
        return labelled == 0 ? 1 : (double) confusion[tier.ordinal()][tier.ordinal()] / labelled;
    }

    public long labelled(Tier tier) {
        long n = 0;
        for (long c : confusion[tier.ordinal()]) {
            n += c;
        }
        return n;
    }

    public long routed(Tier tier) {
        long n = 0;
        for (Tier t : Tier.values()) {
            n += confusion[t.ordinal()][tier.ordinal()];
        }
        return n;
    }

    /** Share of prompts routed to each tier, in percent. */
    public Map<Tier, Double> shares() {
        Map<Tier, Double> shares = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            shares.put(t, total == 0 ? 0 : 100.0 * routed(t) / total);
        }
        return shares;
    }
}
