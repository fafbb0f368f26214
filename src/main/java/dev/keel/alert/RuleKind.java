package dev.keel.alert;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What a rule watches, with the parameters it reads (name to kind of value) and their documented defaults. */
public enum RuleKind {
    GUARD_CRITICAL(Map.of()),
    PROVIDER_UNAVAILABLE(Map.of()),
    ERROR_RATE(Map.of("percent", "20", "min-calls", "5")),
    BUDGET(Map.of("percent", "80")),
    QUEUE_STALLED(Map.of("stalled", "15m")),
    NIGHT_FAILED(Map.of()),
    BACKUP_FAILED(Map.of()),
    HEALTH_STALE(Map.of("factor", "2")),
    SECRET_ROTATION(Map.of()),
    DISK_LOW(Map.of("free-percent", "10"));

    private final Map<String, String> defaults;

    RuleKind(Map<String, String> defaults) {
        this.defaults = defaults;
    }

    /** Parameter names and their default values; a value ending in a unit (5m) is a duration, else a number. */
    public Map<String, String> defaults() {
        return defaults;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<RuleKind> of(String label) {
        for (RuleKind kind : values()) {
            if (kind.label().equals(label)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
