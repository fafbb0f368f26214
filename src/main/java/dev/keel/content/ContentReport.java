package dev.keel.content;

import dev.keel.secrets.Publisher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code outbox/content/<batch>/REPORT.md}: what a batch came to. Counts by outcome, cost and tokens,
 * the mix of tiers and providers, escalations, every safety action (by kind, with how many tasks it
 * touched) and every failure with its reason. Read row by row from the queue, so a batch of 100,000
 * tasks is reported without holding it.
 */
public final class ContentReport {

    static final int MAX_FAILURES = 500;

    private ContentReport() {
    }

    private static final class Mix {
        long tasks;
        double cost;
        long input;
        long output;
    }

    public static Path write(ContentQueue queue, ContentOutput outputs, String batch, Instant now) {
        Map<ContentQueue.State, Long> states = new EnumMap<>(ContentQueue.State.class);
        Map<String, Mix> mix = new TreeMap<>();
        Map<String, Long> safety = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long[] skipped = {0};
        long[] escalated = {0};
        long[] failuresTotal = {0};
        double[] cost = {0};
        long[] tokens = {0, 0};
        Instant[] span = {null, null};
        queue.rows(batch, (task, state, priority, attempts, o, queued, finished) -> {
            states.merge(state, 1L, Long::sum);
            if (state == ContentQueue.State.DONE) {
                Mix m = mix.computeIfAbsent((o.tier() == null ? "?" : o.tier()) + " | " + o.provider() + " | " + o.model(), k -> new Mix());
                m.tasks++;
                m.cost += o.costUsd();
                m.input += o.inputTokens();
                m.output += o.outputTokens();
                skipped[0] += o.skipped() ? 1 : 0;
            }
            if (state == ContentQueue.State.REJECTED) {
                failuresTotal[0]++;
                if (failures.size() < MAX_FAILURES) {
                    failures.add("| " + task + " | " + cell(o.reason()) + " |");
                }
            }
            escalated[0] += o.escalated() ? 1 : 0;
            cost[0] += o.costUsd();
            tokens[0] += o.inputTokens();
            tokens[1] += o.outputTokens();
            if (o.safety() != null) {
                for (String action : o.safety().split("\n")) {
                    if (!action.isBlank()) {
                        safety.merge(action.strip(), 1L, Long::sum);
                    }
                }
            }
            span[0] = queued != null && (span[0] == null || queued.isBefore(span[0])) ? queued : span[0];
            span[1] = finished != null && (span[1] == null || finished.isAfter(span[1])) ? finished : span[1];
        });
        long total = states.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder md = new StringBuilder();
        md.append("# Content batch ").append(batch).append("\n\n");
        md.append("From `").append(queue.fileOf(batch)).append("`, reported ").append(now).append(". Outputs in this folder;")
                .append(" rejected tasks in `rejected/` with their reasons.\n\n");
        md.append("| Tasks | Count |\n|---|---:|\n");
        md.append("| in the batch | ").append(total).append(" |\n");
        md.append("| done | ").append(n(states, ContentQueue.State.DONE)).append(" |\n");
        md.append("| of which recognised from an earlier run (no model call) | ").append(skipped[0]).append(" |\n");
        md.append("| rejected | ").append(n(states, ContentQueue.State.REJECTED)).append(" |\n");
        md.append("| escalated to the next tier | ").append(escalated[0]).append(" |\n");
        md.append("| waiting for the night run | ").append(n(states, ContentQueue.State.NIGHT)).append(" |\n");
        md.append("| still queued, waiting for a retry or running | ").append(n(states, ContentQueue.State.QUEUED)
                + n(states, ContentQueue.State.WAITING) + n(states, ContentQueue.State.RUNNING))
                .append(" |\n\n");
        long seconds = span[0] != null && span[1] != null ? Math.max(1, Duration.between(span[0], span[1]).toSeconds()) : 0;
        md.append(String.format(Locale.ROOT, "Cost **%s**; tokens in %,d, out %,d. Queued to last outcome: %s%s.%n%n",
                dev.keel.ledger.Money.usd(cost[0]),
                tokens[0], tokens[1], seconds == 0 ? "-" : Duration.ofSeconds(seconds).toString().substring(2).toLowerCase(Locale.ROOT),
                seconds == 0 ? "" : String.format(Locale.ROOT, " (%.0f tasks/s)", (double) (total - n(states, ContentQueue.State.NIGHT)) / seconds)));
        md.append("## Mix\n\n| Tier | Provider | Model | Tasks | Cost | Tokens in | Tokens out |\n|---|---|---|---:|---:|---:|---:|\n");
        mix.forEach((key, m) -> md.append("| ").append(key).append(String.format(Locale.ROOT, " | %d | %s | %d | %d |%n", m.tasks,
                dev.keel.ledger.Money.usd(m.cost), m.input, m.output)));
        md.append("\nCost counts every call a task made, the failed local attempt of an escalated task included; a task\n"
                + "recognised from an earlier run carries the cost recorded in its output.\n\n");
        md.append("## Safety actions\n\n");
        if (safety.isEmpty()) {
            md.append("None: no PII, blocked term, injection marker or output filter was met.\n\n");
        } else {
            md.append("| Action | Tasks |\n|---|---:|\n");
            safety.forEach((action, count) -> md.append("| ").append(cell(action)).append(" | ").append(count).append(" |\n"));
            md.append('\n');
        }
        md.append("## Failures\n\n");
        if (failures.isEmpty()) {
            md.append("None.\n");
        } else {
            md.append("| Task | Reason |\n|---|---|\n");
            failures.forEach(f -> md.append(f).append('\n'));
            if (failuresTotal[0] > failures.size()) {
                md.append("\n... and ").append(failuresTotal[0] - failures.size()).append(" more: see `rejected/`.\n");
            }
        }
        return Publisher.publish(outputs.folder(batch).resolve("REPORT.md"), md.toString());
    }

    private static long n(Map<ContentQueue.State, Long> states, ContentQueue.State state) {
        return states.getOrDefault(state, 0L);
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
