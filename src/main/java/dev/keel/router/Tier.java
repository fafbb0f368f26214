package dev.keel.router;

/** The three model tiers of the routing policy: local Ollama, Kimi for reasoning, Claude for critical work. */
public enum Tier {
    LOCAL, REASONING, CRITICAL
}
