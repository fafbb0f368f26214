package dev.keel.router;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Tokens a provider used in the last minute, for its TPM limit: calls are added when they end (with
 * the tokens the provider reported) and calls in flight are counted at their estimate, so a burst of
 * parallel calls cannot overrun the limit before the first one answers.
 */
public final class TokenWindow {

    private record Entry(long at, long tokens) {
    }

    private static final long MINUTE = 60_000;

    private final Clock clock;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long used;
    private long inFlight;

    public TokenWindow(Clock clock) {
        this.clock = clock;
    }

    /** Reserves {@code estimate} tokens unless that would pass {@code limit}; a limit of 0 means none. */
    public synchronized boolean tryReserve(long estimate, long limit) {
        expire();
        if (limit > 0 && used + inFlight + estimate > limit && used + inFlight > 0) {
            return false;
        }
        inFlight += estimate;
        return true;
    }

    /** Ends a reservation with what the call really used. */
    public synchronized void settle(long estimate, long actual) {
        inFlight = Math.max(0, inFlight - estimate);
        if (actual > 0) {
            entries.addLast(new Entry(clock.millis(), actual));
            used += actual;
        }
    }

    /** Tokens counted against the current minute, in flight included. */
    public synchronized long used() {
        expire();
        return used + inFlight;
    }

    private void expire() {
        long cutoff = clock.millis() - MINUTE;
        while (!entries.isEmpty() && entries.peekFirst().at() <= cutoff) {
            used -= entries.removeFirst().tokens();
        }
    }
}
