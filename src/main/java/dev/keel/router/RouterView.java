package dev.keel.router;

import dev.keel.guard.GuardLevel;
import dev.keel.guard.ResourceGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** What the router sees of the running calls: open circuits, Retry-After waits, used TPM, the ledger's mix and spend, the guard. */
final class RouterView {

    private final Supplier<RouterConfig> config;
    private final Map<String, CircuitBreaker> circuits;
    private final Cooldowns cooldowns;
    private final ProviderAdmission admission;
    private final LedgerRecording recording;
    private final ResourceGuard guard;
    private final SharedLimits shared;

    RouterView(Supplier<RouterConfig> config, Map<String, CircuitBreaker> circuits, Cooldowns cooldowns, ProviderAdmission admission,
               LedgerRecording recording, ResourceGuard guard, SharedLimits shared) {
        this.shared = shared;
        this.config = config;
        this.circuits = circuits;
        this.cooldowns = cooldowns;
        this.admission = admission;
        this.recording = recording;
        this.guard = guard;
    }

    /** The router's view: recent mix, today's spend, and the providers to pass over now with the reason. */
    ModelRouter.State now() {
        Map<String, String> unavailable = new HashMap<>();
        circuits.forEach((name, circuit) -> {
            if (circuit.getState() == CircuitBreaker.State.OPEN || circuit.getState() == CircuitBreaker.State.FORCED_OPEN) {
                unavailable.put(name, name + "'s circuit is open");
            }
        });
        for (Provider p : config.get().providers()) {
            Duration wait = cooldowns.remaining(p.name());
            if (!wait.isZero() && !unavailable.containsKey(p.name())) {
                unavailable.put(p.name(), p.name() + " asked Keel to wait " + ChainPolicy.seconds(wait) + " s more (Retry-After)");
            }
            if (p.tpm() > 0 && admission.tokensUsed(p.name()) >= p.tpm() && !unavailable.containsKey(p.name())) {
                unavailable.put(p.name(), p.name() + " used its " + p.tpm() + " tokens for this minute");
            }
        }
        return new ModelRouter.State(recording.ledger().recentShares(), spentToday(), unavailable,
                guard == null ? GuardLevel.OK : guard.acting());
    }

    /** This node's ledger, or the cluster's spend where it is higher (the other nodes' calls of today). */
    private Map<String, Double> spentToday() {
        Map<String, Double> cluster = shared.spentToday();
        if (cluster.isEmpty()) {
            return recording.ledger().spentToday();
        }
        Map<String, Double> spent = new HashMap<>(recording.ledger().spentToday());
        cluster.forEach((provider, usd) -> spent.merge(provider, usd, Math::max));
        return spent;
    }
}
