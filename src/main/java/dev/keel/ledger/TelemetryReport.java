package dev.keel.ledger;

import dev.keel.router.Tier;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Renders ops/health/TELEMETRY.md from the cost ledger: spend and calls by provider and day, mix, latency. */
public final class TelemetryReport {

    private TelemetryReport() {
    }

    public static String render(List<CostLedger.Call> calls, Map<Tier, Double> targetMix, int days, ZoneId zone, Instant now) {
        StringBuilder md = new StringBuilder("# Telemetry\n\nWritten ").append(now.truncatedTo(ChronoUnit.SECONDS))
                .append(" from the cost ledger: the last ").append(days).append(" days, ").append(calls.size()).append(" model calls.\n");
        if (calls.isEmpty()) {
            md.append("\nNo model calls were recorded in that time.\n");
        }
        md.append("\n## By provider and day\n\n| day | provider | calls | failed | tokens in | tokens out | cached in | API cost | local compute |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        Map<String, List<CostLedger.Call>> byDay = new TreeMap<>(calls.stream().collect(Collectors.groupingBy(
                c -> LocalDate.ofInstant(c.at(), zone) + " | " + c.provider())));
        byDay.forEach((key, list) -> md.append("| ").append(key).append(" | ").append(list.size()).append(" | ")
                .append(list.stream().filter(c -> !"ok".equals(c.outcome())).count()).append(" | ")
                .append(sum(list, c -> c.usage().inputTokens())).append(" | ").append(sum(list, c -> c.usage().outputTokens()))
                .append(" | ").append(sum(list, c -> c.usage().cachedInputTokens())).append(" | ")
                .append(usd(list.stream().filter(c -> !c.local()).mapToDouble(CostLedger.Call::costUsd).sum())).append(" | ")
                .append(usd(list.stream().filter(CostLedger.Call::local).mapToDouble(CostLedger.Call::costUsd).sum())).append(" |\n"));
        List<CostLedger.Call> ok = calls.stream().filter(c -> "ok".equals(c.outcome())).toList();
        md.append("\n## Mix against target\n\n| tier | calls | share | target |\n|---|---|---|---|\n");
        for (Tier tier : Tier.values()) {
            long n = ok.stream().filter(c -> c.tier() == tier).count();
            md.append("| ").append(tier.name().toLowerCase(Locale.ROOT)).append(" | ").append(n).append(" | ")
                    .append(ok.isEmpty() ? "–" : String.format(Locale.ROOT, "%.1f %%", 100.0 * n / ok.size())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f %%", targetMix.getOrDefault(tier, 0.0))).append(" |\n");
        }
        md.append("\n## Latency by provider (successful calls)\n\n| provider | calls | p50 | p95 |\n|---|---|---|---|\n");
        ok.stream().collect(Collectors.groupingBy(CostLedger.Call::provider, TreeMap::new, Collectors.toList()))
                .forEach((provider, list) -> {
                    long[] ms = list.stream().mapToLong(c -> c.usage().durationMillis()).sorted().toArray();
                    md.append("| ").append(provider).append(" | ").append(ms.length).append(" | ").append(percentile(ms, 50))
                            .append(" ms | ").append(percentile(ms, 95)).append(" ms |\n");
                });
        double api = calls.stream().filter(c -> !c.local()).mapToDouble(CostLedger.Call::costUsd).sum();
        double local = calls.stream().filter(CostLedger.Call::local).mapToDouble(CostLedger.Call::costUsd).sum();
        md.append("\nTotal: ").append(usd(api)).append(" API spend, ").append(usd(local)).append(" local compute.\n");
        return md.toString();
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static long sum(List<CostLedger.Call> calls, java.util.function.ToLongFunction<CostLedger.Call> f) {
        return calls.stream().mapToLong(f).sum();
    }

    private static String usd(double v) {
        return Money.usd(v);
    }
}
