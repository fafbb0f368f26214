package dev.keel.router;

import java.net.URI;
import java.util.List;

/** One model provider as providers.yaml configures it. */
public record Provider(String name, Type type, Tier tier, URI baseUrl, String keySecret, List<String> models,
                       int contextWindow, Price price, double localRatePerHour, double dailyBudgetUsd, int rpm, int tpm,
                       int maxConcurrency, boolean enabled) {

    /** The wire format Keel speaks to it. */
    public enum Type { OLLAMA, OPENAI_COMPATIBLE, ANTHROPIC }

    public String defaultModel() {
        return models.get(0);
    }

    public boolean local() {
        return type == Type.OLLAMA;
    }
}
