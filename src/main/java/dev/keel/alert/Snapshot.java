package dev.keel.alert;

import dev.keel.guard.GuardLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the alert rules look at, read once per evaluation from what Keel already keeps. A part that could not be read
 * (the database is down, the health poll has not been wired) is null: the rules over it keep their state rather than resolve.
 * The node-local parts (guard, health poll, disks) are per node: on one node the key is "" (the subject names no node), in a
 * cluster the node id of each live node (the evaluating node reads the others' from keel_alert_node, see {@link AlertCluster}).
 */
public record Snapshot(Map<String, GuardLevel> guards, Map<String, ProviderState> providers, Queue queue, Night night,
                       Map<String, Health> healths, Map<String, Instant> overdueSecrets, Map<String, Map<String, Double>> disks) {

    /** One node's snapshot (its node-local parts under ""). */
    public Snapshot(GuardLevel guard, Map<String, ProviderState> providers, Queue queue, Night night, Health health,
                    Map<String, Instant> overdueSecrets, Map<String, Double> diskFreePercent) {
        this(guard == null ? null : Map.of("", guard), providers, queue, night, health == null ? null : Map.of("", health), overdueSecrets,
                diskFreePercent == null ? null : Map.of("", diskFreePercent));
    }

    /** The same shared parts with the node-local parts of every node. */
    Snapshot withNodes(Map<String, GuardLevel> guards, Map<String, Health> healths, Map<String, Map<String, Double>> disks) {
        return new Snapshot(guards, providers, queue, night, healths, overdueSecrets, disks);
    }

    /** This node's guard level on one node (null: unknown, or a cluster's snapshot). */
    public GuardLevel guard() {
        return guards == null ? null : guards.get("");
    }

    public Health health() {
        return healths == null ? null : healths.get("");
    }

    public Map<String, Double> diskFreePercent() {
        return disks == null ? null : disks.get("");
    }

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
