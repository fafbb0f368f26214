package dev.keel.health;

import dev.keel.boot.KeelSettings;
import java.time.Duration;

/** The health poll's keel.health.* settings, validated: the interval may never exceed 30 minutes (O02). */
public record HealthSettings(Duration interval, int trendSize) {

    public static HealthSettings from(KeelSettings settings) {
        return new HealthSettings(settings.duration("keel.health.interval", Duration.ofSeconds(5), Duration.ofMinutes(30)),
                settings.integer("keel.health.trend-size", 1, 1000));
    }
}
