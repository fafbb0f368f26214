package dev.keel.alert;

import dev.keel.guard.GuardLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the alert rules look at, read once per evaluation from what Keel already keeps. A part that could not be read
 * (the database is down, the health poll has not been wired) is null: the rules over it keep their state rather than resolve.
 */
public record Snapshot(GuardLevel guard, Map<String, ProviderState> providers, Queue queue, Night night, Health health,
                       Map<String, Instant> overdueSecrets, Map<String, Double> diskFreePercent) {

    /** A provider now: circuit, Retry-After wait, calls and failed calls of the last five minutes, spend today against its budget. */
    public record ProviderState(boolean circuitOpen, Duration coolingDown, long calls, long failures, double spentToday,
                                double dailyBudget) {
    }

    /** Content tasks ready or running, and when the queue last moved (a task ended, or the oldest ready one was queued). */
    public record Queue(long ready, Instant lastMoved) {
    }

    /** The last night run: when it finished, whether a step failed, whether that step was the backup (made and verified). */
    public record Night(Instant finished, boolean failed, boolean backupFailed, String steps) {
    }

    /** The health poll: its last sample (null: none yet), its interval, and since when Keel has been running. */
    public record Health(Instant lastSample, Duration interval, Instant runningSince) {
    }
}
