package dev.keel.ledger;

import dev.keel.router.Provider;
import dev.keel.router.RouterConfig;
import dev.keel.router.Tokens;
import dev.keel.router.Usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CostCalculatorTest {

    private final RouterConfig config = RouterConfig.load(null);

    @Test
    void cloudCallsCostTokensTimesPricesWithCachedInputAtItsOwnPrice() {
        Provider kimi = config.provider("kimi");
        Usage usage = Usage.fromOpenAi(10_000, 2_000, 4_000, 1200);

        assertThat(usage.inputTokens()).isEqualTo(6_000);
        assertThat(CostCalculator.cost(kimi, usage)).isCloseTo((6_000 * 0.60 + 2_000 * 2.50 + 4_000 * 0.15) / 1e6, within(1e-12));
    }

    @Test
    void anthropicCacheReadsAndWritesArePricedSeparately() {
        Provider claude = config.provider("claude");
        Usage usage = new Usage(1_000, 500, 20_000, 3_000, 900);

        assertThat(CostCalculator.cost(claude, usage))
                .isCloseTo((1_000 * 2.00 + 500 * 10.00 + 20_000 * 0.20 + 3_000 * 2.50) / 1e6, within(1e-12));
    }

    @Test
    void localCallsCostTheirComputeTimeNeverAnAssumedZero() {
        Provider ollama = config.provider("ollama");

        assertThat(CostCalculator.cost(ollama, Usage.fromOllama(26, 64, 9_000))).isCloseTo(9.0 / 3600 * 0.40, within(1e-12));
        assertThat(CostCalculator.cost(ollama, Usage.fromOllama(26, 64, 9_000))).isPositive();
    }

    @Test
    void tokenEstimatesCountCjkCharactersOneEach() {
        assertThat(Tokens.estimate("abcdefgh")).isEqualTo(2);
        assertThat(Tokens.estimate("漢字かな")).isEqualTo(4);
        assertThat(Tokens.estimate("")).isZero();
    }
}
