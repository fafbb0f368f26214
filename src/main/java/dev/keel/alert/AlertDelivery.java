package dev.keel.alert;

import java.time.Instant;

/** One message for one sink, as the delivery table holds it: its state, attempts so far and last error (never a secret). */
public record AlertDelivery(long id, String sink, AlertEvent.Kind event, State state, int attempts, Instant nextAt, String lastError,
                            Alert alert) {

    public enum State { PENDING, SENT, FAILED }
}
