package dev.keel.alert;

import dev.keel.boot.KeelSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One rule of alerts.yaml, checked: its kind, how bad, how long the condition must hold before it fires, how often it is
 * sent again while unacknowledged, its parameters (validated against {@link RuleKind#defaults()}) and the sinks it goes to.
 */
public record AlertRule(String id, RuleKind kind, Alert.Severity severity, Duration holdFor, Duration repeat,
                        Map<String, String> params, List<String> sinks, boolean enabled) {

    public AlertRule {
        params = Map.copyOf(params);
        sinks = List.copyOf(sinks);
    }

    public double number(String name) {
        return Double.parseDouble(param(name));
    }

    public Duration duration(String name) {
        return KeelSettings.parseDuration(param(name));
    }

    private String param(String name) {
        String value = params.getOrDefault(name, kind.defaults().get(name));
        if (value == null) {
            throw new IllegalArgumentException(kind.label() + " has no parameter " + name);
        }
        return value;
    }
}
