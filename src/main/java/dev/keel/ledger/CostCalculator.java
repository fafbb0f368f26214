package dev.keel.ledger;

import dev.keel.router.Price;
import dev.keel.router.Provider;
import dev.keel.router.Usage;

/**
 * What a call cost, in USD. Cloud calls: tokens × the provider's prices, cached input and cache
 * writes at their own prices. Local calls: duration × the configured hourly rate, so a local call
 * is never costed at 0 by assumption.
 */
public final class CostCalculator {

    private CostCalculator() {
    }

    public static double cost(Provider provider, Usage usage) {
        if (provider.local()) {
            return usage.durationMillis() / 3_600_000.0 * provider.localRatePerHour();
        }
        Price p = provider.price();
        return (usage.inputTokens() * p.input() + usage.outputTokens() * p.output()
                + usage.cachedInputTokens() * p.cachedInput() + usage.cacheWriteTokens() * p.cacheWrite()) / 1_000_000.0;
    }

    /** A cost estimate before a call: the prompt's estimated tokens in, up to {@code expectedOutput} out. */
    public static double estimate(Provider provider, long promptTokens, long expectedOutput, long expectedMillis) {
        return cost(provider, new Usage(promptTokens, expectedOutput, 0, 0, expectedMillis));
    }
}
