package dev.keel.router.classify;

import dev.keel.router.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Minimum figures a routing change must keep (fractions 0..1; 0 switches a check off), and what fell short. */
public record EvalGate(double minAccuracy, double minCriticalRecall, double minLocalPrecision) {

    public static final EvalGate NONE = new EvalGate(0, 0, 0);

    /** One line per figure below its minimum; empty when the evaluation passes. */
    public List<String> shortfalls(Evaluation e) {
        List<String> out = new ArrayList<>();
        check(out, "accuracy", e.accuracy(), minAccuracy);
        check(out, "critical recall", e.recall(Tier.CRITICAL), minCriticalRecall);
        check(out, "local precision", e.precision(Tier.LOCAL), minLocalPrecision);
        return out;
    }

    private static void check(List<String> out, String what, double value, double min) {
        if (value + 1e-9 < min) {
            out.add(String.format(Locale.ROOT, "%s %.1f%% is below the minimum %.1f%%", what, 100 * value, 100 * min));
        }
    }
}
