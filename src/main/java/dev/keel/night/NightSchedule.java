package dev.keel.night;

import java.time.Duration;
import org.quartz.CronExpression;

/** The night run's cron and catch-up window, for the start-up catch-up route. */
public final class NightSchedule {

    private final NightRun night;
    private final CronExpression cron;
    private final Duration window;

    public NightSchedule(NightRun night, CronExpression cron, Duration window) {
        this.night = night;
        this.cron = cron;
        this.window = window;
    }

    /** Runs a missed night if one is due; the catch-up route calls this once at start. */
    public boolean catchUp() throws InterruptedException {
        return night.catchUp(cron, window);
    }
}
