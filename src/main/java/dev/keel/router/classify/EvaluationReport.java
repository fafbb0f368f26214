package dev.keel.router.classify;

import dev.keel.router.Tier;
import java.util.Locale;
import java.util.Map;

/** The text {@code keel route eval} prints: figures first, then each misrouted prompt with its reason. */
public final class EvaluationReport {

    private static final int SHOWN = 100;

    private EvaluationReport() {
    }

    public static String text(String name, Evaluation e, Map<Tier, Double> targetMix) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "routing eval of %s: %d prompts%n", name, e.total()));
        out.append(String.format(Locale.ROOT, "accuracy   %.1f%% (%d misrouted)%n%n", 100 * e.accuracy(), e.misses().size()));
        out.append(String.format(Locale.ROOT, "%-10s %9s %7s %9s %7s %7s %7s%n", "tier", "precision", "recall", "labelled", "routed",
                "share", "target"));
        for (Tier t : Tier.values()) {
            out.append(String.format(Locale.ROOT, "%-10s %8.1f%% %6.1f%% %9d %7d %6.1f%% %6.0f%%%n", name(t), 100 * e.precision(t),
                    100 * e.recall(t), e.labelled(t), e.routed(t), e.shares().get(t), targetMix.getOrDefault(t, 0.0)));
        }
        out.append(String.format(Locale.ROOT, "%nconfusion (rows: labelled, columns: routed)%n%-10s", ""));
        for (Tier t : Tier.values()) {
            out.append(String.format(Locale.ROOT, " %9s", name(t)));
        }
        out.append('\n');
        for (Tier row : Tier.values()) {
            out.append(String.format(Locale.ROOT, "%-10s", name(row)));
            for (Tier col : Tier.values()) {
                out.append(String.format(Locale.ROOT, " %9d", e.confusion()[row.ordinal()][col.ordinal()]));
            }
            out.append('\n');
        }
        double saved = e.allCriticalCostUsd() == 0 ? 0 : 100 * (1 - e.routedCostUsd() / e.allCriticalCostUsd());
        out.append(String.format(Locale.ROOT, "%nestimated cost (prompt tokens + %d out each, providers.yaml prices): routed mix %s,"
                + " everything to the critical tier %s (%.0f%% less)%n", Evaluation.OUTPUT_TOKENS, dev.keel.ledger.Money.usd(e.routedCostUsd()),
                dev.keel.ledger.Money.usd(e.allCriticalCostUsd()), saved));
        if (!e.misses().isEmpty()) {
            out.append(String.format(Locale.ROOT, "%nmisrouted%n"));
            e.misses().stream().limit(SHOWN).forEach(m -> out.append(String.format(Locale.ROOT, "  %s  labelled %s, routed %s: %s%n      %s%n",
                    m.id(), name(m.labelled()), name(m.routed()), shorten(m.text()), m.reason())));
            if (e.misses().size() > SHOWN) {
                out.append("  ... and ").append(e.misses().size() - SHOWN).append(" more\n");
            }
        }
        return out.toString();
    }

    private static String shorten(String text) {
        String one = text.replaceAll("\\s+", " ").strip();
        return one.length() > 110 ? one.substring(0, 110) + "…" : one;
    }

    private static String name(Tier tier) {
        return tier.name().toLowerCase(Locale.ROOT);
    }
}
