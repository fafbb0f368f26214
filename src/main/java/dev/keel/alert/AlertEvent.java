package dev.keel.alert;

import java.util.List;
import java.util.Locale;

/** A message to send: an alert fired, is sent again while it holds, or resolved; to the rule's sinks. */
public record AlertEvent(Kind kind, Alert alert, List<String> sinks) {

    public enum Kind {
        FIRE, REPEAT, RESOLVE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AlertEvent {
        sinks = List.copyOf(sinks);
    }
}
