package dev.keel.alert;

import java.time.Instant;

/** Reads the {@link Snapshot} the rules are evaluated on. */
@FunctionalInterface
public interface SnapshotSource {
    Snapshot read(Instant now);
}
