package dev.keel.alert;

import java.time.Instant;
import java.util.Map;

/**
 * What evaluation carries from one round to the next: since when each (rule, subject) has held without firing yet, and the
 * open alerts with when each was last sent. Keys are {@link #key(String, String)}.
 */
public record AlertState(Map<String, Instant> pending, Map<String, Tracked> open) {

    /** An open alert and when it was last sent (fired or repeated). */
    public record Tracked(Alert alert, Instant lastSent) {
    }

    public AlertState {
        pending = Map.copyOf(pending);
        open = Map.copyOf(open);
    }

    public static AlertState empty() {
        return new AlertState(Map.of(), Map.of());
    }

    public static String key(String rule, String subject) {
        return rule + "|" + subject;
    }
}
