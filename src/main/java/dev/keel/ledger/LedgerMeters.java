package dev.keel.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger's Micrometer counters (calls by provider and outcome; tokens and cost by provider), looked up
 * once per provider and outcome: {@code MeterRegistry.counter(name, tags)} builds and sorts the tags and
 * looks the meter up on every call, five times per ledger row (#20: 2 % of a gateway call's route CPU).
 */
final class LedgerMeters {

    private record Provider(Counter input, Counter output, Counter cached, Counter api, Counter local) {
    }

    private final MeterRegistry meters;
    private final Map<String, Provider> providers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Counter>> calls = new ConcurrentHashMap<>();

    LedgerMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(CostLedger.Call call) {
        calls.computeIfAbsent(call.provider(), p -> new ConcurrentHashMap<>())
                .computeIfAbsent(call.outcome(), o -> meters.counter("keel.model.calls", "provider", call.provider(), "outcome", o))
                .increment();
        Provider p = providers.computeIfAbsent(call.provider(), name -> new Provider(tokens(name, "input"), tokens(name, "output"),
                tokens(name, "cached-input"), cost(name, "api"), cost(name, "local-compute")));
        p.input().increment(call.usage().inputTokens());
        p.output().increment(call.usage().outputTokens());
        p.cached().increment(call.usage().cachedInputTokens());
        (call.local() ? p.local() : p.api()).increment(call.costUsd());
    }

    private Counter tokens(String provider, String kind) {
        return meters.counter("keel.model.tokens", "provider", provider, "kind", kind);
    }

    private Counter cost(String provider, String kind) {
        return meters.counter("keel.model.cost.usd", "provider", provider, "kind", kind);
    }
}
