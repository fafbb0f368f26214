package dev.keel.router;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One model provider as providers.yaml configures it; {@code specs} says per model what it supports
 * (a model without a spec does plain chat only).
 */
public record Provider(String name, Type type, Tier tier, URI baseUrl, String keySecret, List<String> models,
                       int contextWindow, Price price, double localRatePerHour, double dailyBudgetUsd, int rpm, int tpm,
                       int maxConcurrency, boolean enabled, Map<String, ModelSpec> specs) {

    public Provider {
        specs = specs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(specs));
    }

    public Provider(String name, Type type, Tier tier, URI baseUrl, String keySecret, List<String> models, int contextWindow,
                    Price price, double localRatePerHour, double dailyBudgetUsd, int rpm, int tpm, int maxConcurrency,
                    boolean enabled) {
        this(name, type, tier, baseUrl, keySecret, models, contextWindow, price, localRatePerHour, dailyBudgetUsd, rpm, tpm,
                maxConcurrency, enabled, Map.of());
    }

    public ModelSpec spec(String model) {
        return specs.getOrDefault(model, new ModelSpec(model, Set.of(), null));
    }

    /** The first of this provider's models that has every capability in {@code needs}, the preferred one first. */
    public Optional<String> modelFor(String preferred, Set<Capability> needs) {
        if (preferred != null && spec(preferred).supportsAll(needs)) {
            return Optional.of(preferred);
        }
        return models.stream().filter(m -> spec(m).supportsAll(needs)).findFirst();
    }

    /** The wire format Keel speaks to it. */
    public enum Type { OLLAMA, OPENAI_COMPATIBLE, ANTHROPIC }

    public String defaultModel() {
        return models.get(0);
    }

    public boolean local() {
        return type == Type.OLLAMA;
    }
}
