package dev.keel.guard;

import dev.keel.boot.KeelSettings;
import java.time.Duration;

/** The ResourceGuard's keel.guard.* settings, validated. */
public record GuardSettings(GuardPolicy policy, GuardMode mode, int localLimitOk, int localLimitHot, Duration sampleInterval) {

    public static GuardSettings from(KeelSettings settings) {
        GuardPolicy policy = new GuardPolicy(band(settings, "cpu"), band(settings, "memory"), band(settings, "disk"),
                settings.duration("keel.guard.hold", Duration.ZERO, Duration.ofHours(1)));
        return new GuardSettings(policy, settings.choice("keel.guard.mode", GuardMode.class),
                settings.integer("keel.guard.local-concurrency", 1, 256),
                settings.integer("keel.guard.hot-local-concurrency", 0, 256),
                settings.duration("keel.guard.sample-interval", Duration.ofSeconds(1), Duration.ofMinutes(5)));
    }

    private static Band band(KeelSettings settings, String resource) {
        String prefix = "keel.guard." + resource + ".";
        double hotHigh = settings.percent(prefix + "hot-high");
        double hotLow = settings.percent(prefix + "hot-low");
        double criticalHigh = settings.percent(prefix + "critical-high");
        double criticalLow = settings.percent(prefix + "critical-low");
        try {
            return new Band(hotHigh, hotLow, criticalHigh, criticalLow);
        } catch (IllegalArgumentException e) {
            throw settings.fail(prefix + "hot-high", String.valueOf(hotHigh), "does not fit the other " + prefix + "* marks: "
                    + e.getMessage());
        }
    }
}
