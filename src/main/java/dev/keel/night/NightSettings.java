package dev.keel.night;

import dev.keel.boot.KeelSettings;
import dev.keel.storage.BackupRetention;
import java.time.Duration;
import java.time.ZoneId;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** The night run's keel.night.*, keel.backup.* and error-retention settings, validated. */
public record NightSettings(CronExpression cron, Duration catchUp, Duration catchUpDelay, Duration criticalWait,
        NightSteps.BackupPlan backup, int errorRetentionDays) {

    public static NightSettings from(KeelSettings settings) {
        CronExpression cron;
        try {
            cron = CatchUp.cron(settings.text("keel.night.cron"), TimeZone.getDefault());
        } catch (IllegalArgumentException e) {
            throw settings.fail("keel.night.cron", settings.text("keel.night.cron"), "is not a Quartz cron expression ("
                    + e.getCause().getMessage() + "); write it like 0 0 2 * * ? (seconds minutes hours day month weekday)");
        }
        NightSteps.BackupPlan backup = new NightSteps.BackupPlan(settings.checkedFolder("keel.backup.dir"),
                settings.flag("keel.backup.include-outbox"), new BackupRetention(settings.integer("keel.backup.keep-daily", 0, 366),
                settings.integer("keel.backup.keep-weekly", 0, 520), settings.integer("keel.backup.keep-monthly", 0, 1200),
                ZoneId.systemDefault()));
        return new NightSettings(cron,
                settings.duration("keel.night.catch-up", Duration.ZERO, Duration.ofDays(7)),
                settings.duration("keel.night.catch-up-delay", Duration.ZERO, Duration.ofHours(1)),
                settings.duration("keel.night.critical-wait", Duration.ZERO, Duration.ofHours(24)),
                backup, settings.integer("keel.storage.error-retention-days", 1, 36_500));
    }
}
