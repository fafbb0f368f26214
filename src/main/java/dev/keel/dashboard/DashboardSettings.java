package dev.keel.dashboard;

import dev.keel.boot.KeelSettings;
import java.time.Duration;

/** keel.dashboard.*: how long a login lasts and how often the call rollups catch up with the ledger. */
public record DashboardSettings(Duration sessionTtl, Duration rollupInterval) {

    public static DashboardSettings from(KeelSettings settings) {
        return new DashboardSettings(settings.duration("keel.dashboard.session-ttl", Duration.ofMinutes(5), Duration.ofDays(7)),
                settings.duration("keel.dashboard.rollup-interval", Duration.ofSeconds(1), Duration.ofMinutes(10)));
    }
}
