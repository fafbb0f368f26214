package dev.keel.night;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** Pure: was a scheduled night missed since the last run, recently enough to run it now? */
public final class CatchUp {

    private CatchUp() {
    }

    public static CronExpression cron(String expression, TimeZone zone) {
        try {
            CronExpression cron = new CronExpression(expression);
            cron.setTimeZone(zone);
            return cron;
        } catch (ParseException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a Quartz cron expression: " + e.getMessage(), e);
        }
    }

    /**
     * The latest fire time after {@code lastRun} and not after {@code now}, if it lies within
     * {@code window} of now. With no run ever recorded there is nothing to catch up.
     */
    public static Optional<Instant> missed(CronExpression cron, Instant lastRun, Instant now, Duration window) {
        if (lastRun == null) {
            return Optional.empty();
        }
        Instant latest = null;
        Date next = cron.getNextValidTimeAfter(Date.from(lastRun));
        while (next != null && !next.toInstant().isAfter(now)) {
            latest = next.toInstant();
            next = cron.getNextValidTimeAfter(next);
        }
        if (latest == null || Duration.between(latest, now).compareTo(window) > 0) {
            return Optional.empty();
        }
        return Optional.of(latest);
    }
}
