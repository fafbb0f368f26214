package dev.keel.content;

import dev.keel.boot.KeelSettings;
import java.nio.file.Path;
import java.time.Duration;

/** The content pipeline's keel.content.* settings, validated. */
public record ContentSettings(Path safetyFile, Path prompts, long maxFileBytes, Path templates, String template, int workers, int window,
        int queueMax, int maxAttempts, Duration retryDelay, int maxOutputTokens, boolean fsyncOutputs, Duration progressInterval,
        Duration dispatchInterval, Duration dispatchDelay, int taskQueueSize) {

    public static ContentSettings from(KeelSettings settings) {
        String template = settings.text("keel.content.template");
        if (!template.isEmpty() && !template.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw settings.fail("keel.content.template", template, "is not a template name; name a file of keel.content.templates"
                    + " without .md (letters, digits, '.', '_', '-'), or leave it empty to send prompts as written");
        }
        int window = settings.integer("keel.content.window", 1, 100_000);
        int taskQueueSize = settings.integer("keel.content.task-queue-size", 1, 100_000_000);
        if (taskQueueSize < window) {
            throw settings.fail("keel.content.task-queue-size", String.valueOf(taskQueueSize), "is below keel.content.window (" + window
                    + "); the hand-over to the workers must hold a whole window, so set it to " + window + " or more");
        }
        return new ContentSettings(settings.checkedFile("keel.content.safety-file"), settings.checkedFolder("keel.content.prompts"),
                settings.integer("keel.content.max-file-mb", 1, 1024) * 1024L * 1024L, settings.checkedFolder("keel.content.templates"),
                template, settings.integer("keel.content.workers", 1, 256), window,
                settings.integer("keel.content.queue-max", 1, 100_000_000), settings.integer("keel.content.max-attempts", 1, 100),
                settings.duration("keel.content.retry-delay", Duration.ofSeconds(1), Duration.ofDays(1)),
                settings.integer("keel.content.max-output-tokens", 1, 1_000_000), settings.flag("keel.content.fsync-outputs"),
                settings.duration("keel.content.progress-interval", Duration.ofSeconds(1), Duration.ofHours(1)),
                settings.duration("keel.content.dispatch-interval", Duration.ofMillis(10), Duration.ofHours(1)),
                settings.duration("keel.content.dispatch-delay", Duration.ZERO, Duration.ofHours(1)), taskQueueSize);
    }
}
