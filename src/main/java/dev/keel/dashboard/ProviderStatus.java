package dev.keel.dashboard;

import dev.keel.router.Cooldowns;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Map;

/** What the dashboard shows of each provider's resilience: its circuit's state and the Retry-After wait left. */
public final class ProviderStatus {

    private final Map<String, CircuitBreaker> circuits;
    private final Cooldowns cooldowns;

    public ProviderStatus(Map<String, CircuitBreaker> circuits, Cooldowns cooldowns) {
        this.circuits = circuits;
        this.cooldowns = cooldowns;
    }

    /** CLOSED, OPEN, HALF_OPEN, ...; CLOSED before the provider's route has made its circuit. */
    public String circuit(String provider) {
        CircuitBreaker circuit = circuits.get(provider);
        return circuit == null ? "CLOSED" : circuit.getState().name();
    }

    public Duration coolingDown(String provider) {
        return cooldowns.remaining(provider);
    }
}
