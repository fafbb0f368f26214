package dev.keel.router.classify;

import dev.keel.ledger.Money;
import dev.keel.router.Tier;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** ops/health/ROUTING_REVIEW.md: the routing review as Markdown, figures first, then the suggestions with their evidence. */
public final class RoutingReviewReport {

    private RoutingReviewReport() {
    }

    public static String render(RoutingReview review, int days, Instant now) {
        StringBuilder md = new StringBuilder("# Routing review\n\n");
        md.append("Content tasks that ended in the last ").append(days).append(" days, as of ").append(now)
                .append(". \"Local first\" tasks went to the local tier; a QA failure there escalated the task once to the reasoning tier.\n");
        table(md, "Per routing rule", "rule", review.byRule());
        table(md, "Per kind", "kind", review.byKind());
        md.append("\n## Cost per accepted output\n\n| tier | cost per accepted output |\n|---|---|\n");
        review.costPerAccepted().forEach((tier, usd) -> md.append("| " + name(tier) + " | " + Money.usd(usd) + " |\n"));
        md.append("\n## Suggestions\n\n");
        if (review.suggestions().isEmpty()) {
            md.append(String.format(Locale.ROOT, "None: no rule's local outputs failed QA %.0f%% of the time or more over at least %d tasks.%n",
                    100 * RoutingReview.FAILURE_RATE, RoutingReview.MIN_LOCAL));
        }
        review.suggestions().forEach(s -> md.append("- ").append(s.text()).append('\n'));
        return md.toString();
    }

    private static void table(StringBuilder md, String title, String what, Map<String, RoutingReview.Figures> rows) {
        md.append("\n## ").append(title).append("\n\n| ").append(what)
                .append(" | tasks | local first | local QA failures (escalated) | failure rate | accepted | cost |\n|---|---|---|---|---|---|---|\n");
        rows.forEach((key, f) -> md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f%% | %d | %s |%n", key, f.tasks(), f.local(),
                f.localFailures(), 100 * f.failureRate(), f.accepted(), Money.usd(f.costUsd()))));
    }

    private static String name(Tier tier) {
        return tier.name().toLowerCase(Locale.ROOT);
    }
}
