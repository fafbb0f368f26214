package dev.keel.web;

import dev.keel.boot.KeelSettings;
import java.time.Duration;
import java.util.List;

/** The webhooks' keel.webhooks.* settings, validated. */
public record WebhookSettings(List<String> sources, long maxBodyBytes, Duration window) {

    public static WebhookSettings from(KeelSettings settings) {
        return new WebhookSettings(settings.names("keel.webhooks.sources"),
                settings.integer("keel.webhooks.max-body-kb", 1, 1_048_576) * 1024L,
                settings.duration("keel.webhooks.window", Duration.ofSeconds(10), Duration.ofHours(24)));
    }
}
