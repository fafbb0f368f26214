package dev.keel.guard;

import java.time.Instant;

/**
 * The guard's state: its level, since when, why, and since when every resource has been calm enough
 * to step down ({@code null} while not calm).
 */
public record GuardState(GuardLevel level, Instant since, String reason, Instant calmSince) {

    public static GuardState initial(Instant at) {
        return new GuardState(GuardLevel.OK, at, "start-up", null);
    }
}
