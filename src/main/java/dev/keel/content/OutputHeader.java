package dev.keel.content;

import dev.keel.router.ModelGateway;
import dev.keel.router.Tier;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The YAML header of a content output or rejected file (what made it, at what cost, under which
 * prompt and input hash) and the report row read back from one an earlier run wrote.
 */
final class OutputHeader {

    private OutputHeader() {
    }

    /** What every header carries: the task, its prompt and template, and the input hash that recognises it later. */
    static Map<String, Object> base(ContentJob job, Instant now, ZoneId zone) {
        ContentTask task = job.task();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("title", task.title());
        h.put("date", LocalDate.ofInstant(now, zone).toString());
        h.put("batch", task.batch());
        h.put("task", task.id());
        h.put("prompt", job.queued.promptRef());
        h.put("prompt-sha256", job.queued.promptSha256());
        h.put("template", job.queued.template());
        h.put(ContentOutput.INPUT_KEY, job.claimed.inputSha256());
        return h;
    }

    /** A model's output's header: the base, who answered and why, tokens, cost, timing, sources and safety actions. */
    static Map<String, Object> of(ContentJob job, ModelGateway.Result result, List<String> sources, Instant now, ZoneId zone) {
        Map<String, Object> h = base(job, now, zone);
        h.put("model", result.model());
        h.put("provider", result.provider());
        h.put("tier", tier(result.tier()));
        h.put("route-reason", result.reason());
        if (job.escalation != null) {
            h.put("escalated", job.escalation);
        }
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("input", job.inputTokens);
        tokens.put("output", job.outputTokens);
        h.put("tokens", tokens);
        h.put("cost-usd", BigDecimal.valueOf(job.cost).setScale(6, RoundingMode.HALF_UP));
        h.put("started", job.started.toString());
        h.put("finished", now.toString());
        h.put("duration-ms", Duration.between(job.started, now).toMillis());
        if (!sources.isEmpty()) {
            h.put("sources", sources);
        }
        h.put("safety", List.copyOf(job.safety));
        return h;
    }

    static String tier(Tier tier) {
        return tier == null ? null : tier.name().toLowerCase(Locale.ROOT);
    }

    /** The queue's outcome row of a job that ran here, {@code reason} its rejection or null. */
    static ContentQueue.Outcome outcome(ContentJob job, String reason) {
        ModelGateway.Result r = job.result;
        return new ContentQueue.Outcome(r == null ? null : r.provider(), r == null ? null : r.model(), r == null ? null : tier(r.tier()),
                job.inputTokens, job.outputTokens, job.cost, job.escalation != null, false, reason,
                job.safety.isEmpty() ? null : String.join("\n", job.safety));
    }

    /** A report row from an output header an earlier run wrote. */
    @SuppressWarnings("unchecked")
    static ContentQueue.Outcome outcomeOf(Map<String, Object> header, boolean skipped) {
        Map<String, Object> tokens = header.get("tokens") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Object safety = header.get("safety");
        return new ContentQueue.Outcome(text(header.get("provider")), text(header.get("model")), text(header.get("tier")),
                number(tokens.get("input")), number(tokens.get("output")), header.get("cost-usd") == null ? 0
                : Double.parseDouble(String.valueOf(header.get("cost-usd"))), header.get("escalated") != null, skipped,
                text(header.get("rejected")), safety instanceof List<?> l && !l.isEmpty()
                ? String.join("\n", l.stream().map(String::valueOf).toList()) : null);
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static long number(Object value) {
        return value == null ? 0 : Long.parseLong(String.valueOf(value));
    }
}
