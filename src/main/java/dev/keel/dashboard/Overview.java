package dev.keel.dashboard;

import dev.keel.alert.AlertBook;
import dev.keel.content.ContentProgress;
import dev.keel.guard.GuardState;
import dev.keel.guard.ResourceGuard;
import dev.keel.health.DiskUsage;
import dev.keel.health.HealthPoll;
import dev.keel.ledger.CostLedger;
import dev.keel.ledger.Money;
import dev.keel.router.Provider;
import dev.keel.router.RouterConfig;
import dev.keel.router.Tier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/dashboard/overview}: Keel's state in one answer, so a refresh is one request. Every part is read from
 * memory (guard, health trend, spend, mix, circuits, batch progress) or from small indexed reads (rollups, queue counts,
 * the night-run log, the legal index); a part that fails says so instead of failing the whole answer.
 */
public final class Overview {

    private final ResourceGuard guard;
    private final Supplier<HealthPoll> health;
    private final Supplier<RouterConfig> config;
    private final CostLedger ledger;
    private final Supplier<ProviderStatus> providers;
    private final CallStats stats;
    private final WorkViews work;
    private final ContentProgress progress;
    private final Supplier<AlertBook> alerts;
    private final Clock clock;

    public Overview(ResourceGuard guard, Supplier<HealthPoll> health, Supplier<RouterConfig> config, CostLedger ledger,
                    Supplier<ProviderStatus> providers, CallStats stats, WorkViews work, ContentProgress progress,
                    Supplier<AlertBook> alerts, Clock clock) {
        this.guard = guard;
        this.health = health;
        this.config = config;
        this.ledger = ledger;
        this.providers = providers;
        this.stats = stats;
        this.work = work;
        this.progress = progress;
        this.alerts = alerts;
        this.clock = clock;
    }

    public Map<String, Object> now() {
        Instant now = clock.instant();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", now.toString());
        part(out, "guard", this::guard);
        part(out, "spend", this::spend);
        part(out, "mix", this::mix);
        part(out, "providers", () -> providers(now));
        part(out, "hourly", () -> stats.hourly(now.minus(Duration.ofHours(48))));
        part(out, "queue", work::queueByPriority);
        part(out, "batches", this::batches);
        part(out, "night", () -> work.night(3));
        part(out, "backup", work::lastBackup);
        part(out, "legal", work::stale);
        part(out, "alerts", () -> Alerts.open(alerts.get()));
        return out;
    }

    private static void part(Map<String, Object> out, String name, Supplier<Object> part) {
        try {
            out.put(name, part.get());
        } catch (RuntimeException e) {
            out.put(name, Map.of("unavailable", String.valueOf(e.getMessage())));
        }
    }

    private Object guard() {
        GuardState state = guard.state();
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("level", state.level().name());
        g.put("since", state.since().toString());
        g.put("reason", state.reason());
        g.put("mode", guard.mode().name());
        g.put("cpu", round(guard.getCpuPercent()));
        g.put("memory", round(guard.getMemoryUsedPercent()));
        HealthPoll poll = health.get();
        List<HealthPoll.TrendRow> trend = poll == null ? List.of() : poll.trend();
        if (!trend.isEmpty()) {
            Map<String, Object> disks = new LinkedHashMap<>();
            for (DiskUsage d : trend.get(0).sample().disks()) {
                disks.put(d.folder(), round(d.usedPercent()));
            }
            g.put("disks", disks);
        }
        List<Long> at = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> memory = new ArrayList<>();
        List<Double> disk = new ArrayList<>();
        for (int i = trend.size() - 1; i >= 0; i--) {
            var s = trend.get(i).sample();
            at.add(s.at().getEpochSecond());
            cpu.add(round(s.cpuPercent()));
            memory.add(round(s.memoryUsedPercent()));
            disk.add(round(s.diskUsedPercent()));
        }
        g.put("trend", Map.of("at", at, "cpu", cpu, "memory", memory, "disk", disk));
        return g;
    }

    private Object spend() {
        Map<String, Double> spent = ledger.spentToday();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Provider p : config.get().providers()) {
            if (p.local()) {
                continue;
            }
            double s = spent.getOrDefault(p.name(), 0.0);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("provider", p.name());
            row.put("spent", Money.usd(s));
            row.put("budget", p.dailyBudgetUsd() > 0 ? Money.usd(p.dailyBudgetUsd()) : "none");
            row.put("percent", p.dailyBudgetUsd() > 0 ? round(100 * s / p.dailyBudgetUsd()) : null);
            rows.add(row);
        }
        return rows;
    }

    private Object mix() {
        Map<Tier, Double> shares = ledger.recentShares();
        Map<Tier, Double> target = config.get().targetMix();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Tier t : Tier.values()) {
            rows.add(Map.of("tier", t.name().toLowerCase(java.util.Locale.ROOT), "share", round(shares.getOrDefault(t, 0.0)),
                    "target", round(target.getOrDefault(t, 0.0))));
        }
        return rows;
    }

    private Object providers(Instant now) {
        Map<String, Map<String, Object>> hour = stats.perProvider("hour", now.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS));
        Map<String, Map<String, Object>> month = stats.perProvider("day", now.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.DAYS));
        ProviderStatus status = providers.get();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Provider p : config.get().providers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("provider", p.name());
            row.put("tier", p.tier().name().toLowerCase(java.util.Locale.ROOT));
            row.put("circuit", status == null ? "unknown" : status.circuit(p.name()));
            row.put("coolingDownSeconds", status == null ? 0 : status.coolingDown(p.name()).toSeconds());
            row.put("lastHour", hour.getOrDefault(p.name(), Map.of("calls", 0, "errors", 0)));
            row.put("last30Days", month.getOrDefault(p.name(), Map.of("calls", 0, "errors", 0)));
            rows.add(row);
        }
        return rows;
    }

    private Object batches() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ContentProgress.Running b : progress.running()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("batch", b.batch());
            row.put("done", b.ended());
            row.put("total", b.total());
            row.put("rejected", b.rejected());
            row.put("night", b.night());
            row.put("rate", round(b.rate()));
            row.put("etaSeconds", b.etaSeconds() < 0 ? null : Math.round(b.etaSeconds()));
            rows.add(row);
        }
        return rows;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
