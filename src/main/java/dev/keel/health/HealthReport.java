package dev.keel.health;

import dev.keel.guard.Band;
import dev.keel.guard.GuardPolicy;
import dev.keel.guard.GuardState;
import dev.keel.guard.ResourceGuard;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** Renders HEALTH.md: the latest sample against the guard's thresholds, the guard state and the trend. */
final class HealthReport {

    private HealthReport() {
    }

    static String render(HostSample s, ResourceGuard guard, Duration interval, List<HealthPoll.TrendRow> trend) {
        GuardPolicy policy = guard.policy();
        GuardState state = guard.state();
        StringBuilder md = new StringBuilder();
        md.append("# Keel health\n\n")
                .append("Written ").append(s.at().truncatedTo(ChronoUnit.SECONDS))
                .append(" by the health poll, every ").append(minutes(interval))
                .append("; the next one is due by ").append(s.at().plus(interval).truncatedTo(ChronoUnit.SECONDS))
                .append(".\n\n## Now\n\n")
                .append("| measure | value | HOT at | CRITICAL at |\n|---|---|---|---|\n");
        row(md, "System CPU", pct(s.cpuPercent()), policy.band("cpu"));
        row(md, "Memory used", pct(s.memoryUsedPercent()) + " (" + gib(s.memoryAvailableBytes()) + " available of "
                + gib(s.memoryTotalBytes()) + ")", policy.band("memory"));
        for (DiskUsage d : s.disks()) {
            row(md, "Disk used: " + d.folder() + " (`" + d.path() + "`)", pct(d.usedPercent()) + " (" + gib(d.freeBytes())
                    + " free)", policy.band("disk"));
        }
        md.append("| Keel process RSS | ").append(mib(s.processRssBytes())).append(" | | |\n")
                .append("| Keel process CPU | ").append(pct(s.processCpuPercent())).append(" | | |\n\n")
                .append("## ResourceGuard\n\n")
                .append("| state | since | reason | mode | local calls | transitions |\n|---|---|---|---|---|---|\n")
                .append("| **").append(state.level()).append("** | ").append(state.since().truncatedTo(ChronoUnit.SECONDS))
                .append(" | ").append(state.reason()).append(" | ").append(guard.getMode().toLowerCase(Locale.ROOT))
                .append(" | ").append(guard.getLocalInFlight()).append(" of ").append(guard.getLocalLimit())
                .append(" | ").append(guard.getTransitions()).append(" |\n\n")
                .append("A state is entered at its high mark at once and left one step at a time, after every resource has")
                .append(" stayed under its low mark for ").append(policy.hold().toSeconds()).append(" s. HOT narrows local-model")
                .append(" concurrency; CRITICAL suspends every intake route until it clears.\n\n")
                .append("## Trend (newest first)\n\n")
                .append("| time | CPU | memory used | fullest disk | Keel RSS | Keel CPU | guard |\n|---|---|---|---|---|---|---|\n");
        for (HealthPoll.TrendRow row : trend) {
            HostSample t = row.sample();
            md.append("| ").append(t.at().truncatedTo(ChronoUnit.SECONDS)).append(" | ").append(pct(t.cpuPercent()))
                    .append(" | ").append(pct(t.memoryUsedPercent())).append(" | ").append(pct(t.diskUsedPercent()))
                    .append(" | ").append(mib(t.processRssBytes())).append(" | ").append(pct(t.processCpuPercent()))
                    .append(" | ").append(row.guardState()).append(" |\n");
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String value, Band band) {
        md.append("| ").append(name).append(" | ").append(value).append(" | ")
                .append(mark(band.hotHigh())).append(" | ").append(mark(band.criticalHigh())).append(" |\n");
    }

    private static String mark(double v) {
        return String.format(Locale.ROOT, "%.0f %%", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f %%", v);
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024));
    }

    private static String minutes(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
