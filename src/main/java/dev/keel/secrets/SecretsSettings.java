package dev.keel.secrets;

import dev.keel.boot.KeelSettings;
import java.nio.file.Path;
import java.time.Duration;

/** The secret store's keel.secrets.* settings, validated. */
public record SecretsSettings(Path dir, Path dockerDir, Duration pollInterval, Duration overlap, Duration rotateAfter) {

    public static SecretsSettings from(KeelSettings settings) {
        return new SecretsSettings(settings.checkedFolder("keel.secrets.dir"), Path.of(settings.word("keel.secrets.docker-dir")),
                settings.duration("keel.secrets.poll-interval", Duration.ofSeconds(1), Duration.ofHours(1)),
                settings.duration("keel.secrets.overlap", Duration.ZERO, Duration.ofDays(30)),
                settings.duration("keel.secrets.rotate-after", Duration.ofDays(1), Duration.ofDays(3650)));
    }
}
