package dev.keel.alert;

import dev.keel.boot.KeelSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The keel.alerts.* settings, validated: where the rules are, how often they are evaluated, how failed deliveries retry, and
 * how long resolved alerts and their deliveries are kept.
 */
public record AlertSettings(Path rulesFile, Duration interval, Duration retryDelay, int maxAttempts, Duration retention) {

    static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    /** With the default retention (tests). */
    public AlertSettings(Path rulesFile, Duration interval, Duration retryDelay, int maxAttempts) {
        this(rulesFile, interval, retryDelay, maxAttempts, DEFAULT_RETENTION);
    }

    public static AlertSettings from(KeelSettings settings) {
        return new AlertSettings(settings.checkedFile(AlertRulesFile.KEY),
                settings.duration("keel.alerts.interval", Duration.ofMillis(200), Duration.ofSeconds(10)),
                settings.duration("keel.alerts.retry-delay", Duration.ofMillis(100), Duration.ofHours(1)),
                settings.integer("keel.alerts.max-attempts", 1, 100),
                settings.duration("keel.alerts.retention", Duration.ofHours(1), Duration.ofDays(3650)));
    }
}
