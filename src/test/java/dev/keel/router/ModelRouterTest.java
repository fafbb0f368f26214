package dev.keel.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.guard.GuardLevel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRouterTest {

    private final ModelRouter router = new ModelRouter(RouterConfig.load(null));
    private final ModelRouter.State quiet = ModelRouter.State.quiet();

    private static ModelRouter.Task task(String prompt, String kind, Tier tier) {
        return new ModelRouter.Task(prompt, kind, tier, 512);
    }

    @Test
    void routineWorkGoesToOllamaWithTheCloudAsFallback() {
        ModelRouter.Decision d = router.decide(task("Summarise this paragraph.", null, null), quiet);

        assertThat(d.routed()).isTrue();
        assertThat(d.tier()).isEqualTo(Tier.LOCAL);
        assertThat(d.provider().name()).isEqualTo("ollama");
        assertThat(d.model()).isEqualTo("qwen2.5-coder:7b");
        assertThat(d.fallback()).containsExactly("kimi", "claude");
        assertThat(d.reason()).startsWith("Routine work: asks only to tidy, reformat, translate or extract (\"Summarise this\", rule routine-edit)");
        assertThat(d.rule()).isEqualTo("routine-edit");
        assertThat(d.estimatedCostUsd()).isPositive();
    }

    @Test
    void criticalKindsGoToClaudeAndReasoningKindsToKimi() {
        assertThat(router.decide(task("Choose the vendor.", "decision", null), quiet).provider().name()).isEqualTo("claude");
        ModelRouter.Decision analysis = router.decide(task("Compare the offers.", "analysis", null), quiet);
        assertThat(analysis.provider().name()).isEqualTo("kimi");
        assertThat(analysis.fallback()).containsExactly("claude");
        assertThat(analysis.reason()).isEqualTo("A 'analysis' task needs reasoning.");
    }

    @Test
    void aPromptLongerThanTheLocalWindowGoesToTheReasoningTier() {
        ModelRouter.Decision d = router.decide(task("word ".repeat(40_000), null, null), quiet);

        assertThat(d.tier()).isEqualTo(Tier.REASONING);
        assertThat(d.reason()).contains("A long request (\"about 50000 tokens\", rule long-prompt)");
        assertThat(d.fallback()).containsExactly("claude");
    }

    @Test
    void overTheCriticalShareUndemandedCriticalWorkStepsDown() {
        ModelRouter.State busy = new ModelRouter.State(Map.of(Tier.CRITICAL, 12.0), Map.of(), Map.of(), GuardLevel.OK);

        ModelRouter.Decision stepped = router.decide(task("Choose the vendor.", "decision", null), busy);
        ModelRouter.Decision demanded = router.decide(task("Choose the vendor.", "decision", Tier.CRITICAL), busy);

        assertThat(stepped.tier()).isEqualTo(Tier.REASONING);
        assertThat(stepped.reason()).contains("the critical tier has 12% of recent calls against a 5% target");
        assertThat(demanded.tier()).isEqualTo(Tier.CRITICAL);
        assertThat(demanded.reason()).contains("asks for the critical tier");
    }

    @Test
    void anExhaustedBudgetStepsDownOrRefusesWhenTheTierWasDemanded() {
        ModelRouter.State spent = new ModelRouter.State(Map.of(), Map.of("claude", 29.999), Map.of(), GuardLevel.OK);

        ModelRouter.Decision stepped = router.decide(task("Choose the vendor.", "decision", null), spent);
        ModelRouter.Decision refused = router.decide(task("Choose the vendor.", null, Tier.CRITICAL), spent);

        assertThat(stepped.provider().name()).isEqualTo("kimi");
        assertThat(stepped.reason()).contains("claude has spent $30.00 of its $30.00 daily budget", "steps down to the reasoning tier");
        assertThat(refused.routed()).isFalse();
        assertThat(refused.reason()).contains("no critical provider is available");
    }

    @Test
    void openCircuitsAreSkippedNotRetriedInto() {
        ModelRouter.State open = new ModelRouter.State(Map.of(), Map.of(), Map.of("kimi", "kimi's circuit is open"), GuardLevel.OK);

        ModelRouter.Decision local = router.decide(task("Tidy this list.", null, null), open);
        ModelRouter.Decision reasoning = router.decide(task("Compare the offers.", "analysis", null), open);

        assertThat(local.fallback()).containsExactly("claude");
        ModelRouter.State ollamaDown = new ModelRouter.State(Map.of(), Map.of(), Map.of("ollama", "ollama's circuit is open"), GuardLevel.OK);
        ModelRouter.Decision up = router.decide(task("Tidy this list.", null, null), ollamaDown);
        assertThat(up.provider().name()).isEqualTo("kimi");
        assertThat(up.reason()).contains("ollama's circuit is open", "local work goes to the reasoning tier");
        assertThat(reasoning.tier()).isEqualTo(Tier.LOCAL);
        assertThat(reasoning.reason()).contains("kimi's circuit is open");
    }

    @Test
    void aCriticalHostReroutesLocalWorkUnlessItMustStayLocal() {
        ModelRouter.State hot = new ModelRouter.State(Map.of(), Map.of(), Map.of(), GuardLevel.CRITICAL);

        ModelRouter.Decision rerouted = router.decide(task("Tidy this list.", null, null), hot);
        ModelRouter.Decision waits = router.decide(task("Tidy this list.", null, Tier.LOCAL), hot);

        assertThat(rerouted.provider().name()).isEqualTo("kimi");
        assertThat(rerouted.fallback()).containsExactly("claude");
        assertThat(rerouted.reason()).contains("the host is CRITICAL");
        assertThat(waits.routed()).isFalse();
        assertThat(waits.reason()).contains("it waits");
    }

    @Test
    void aPinnedProviderAndModelAreUsedAsNamedWithoutFallback() {
        ModelRouter.Decision d = router.decide(new ModelRouter.Task("Tidy this list.", null, null, 512,
                new ModelRouter.Pin("claude", "claude-sonnet-5-5")), quiet);

        assertThat(d.provider().name()).isEqualTo("claude");
        assertThat(d.model()).isEqualTo("claude-sonnet-5-5");
        assertThat(d.fallback()).isEmpty();
        assertThat(d.reason()).isEqualTo("The caller pinned claude/claude-sonnet-5-5, so there is no fallback.");
    }

    @Test
    void aPinnedProviderOverBudgetIsABudgetStopAndAnUnavailableOneIsNot() {
        ModelRouter.Task pinned = new ModelRouter.Task("Ship?", null, null, 512, new ModelRouter.Pin("claude", "claude-sonnet-5-5"));

        ModelRouter.Decision spent = router.decide(pinned, new ModelRouter.State(Map.of(), Map.of("claude", 30.0), Map.of(), GuardLevel.OK));
        ModelRouter.Decision cooling = router.decide(pinned, new ModelRouter.State(Map.of(), Map.of(),
                Map.of("claude", "claude asked Keel to wait 20 s more (Retry-After)"), GuardLevel.OK));

        assertThat(spent.routed()).isFalse();
        assertThat(spent.budgetStop()).isTrue();
        assertThat(spent.reason()).contains("claude has spent $30.00 of its $30.00 daily budget");
        assertThat(cooling.routed()).isFalse();
        assertThat(cooling.budgetStop()).isFalse();
        assertThat(cooling.reason()).contains("wait 20 s more");
    }

    @Test
    void aProviderCoolingDownAfterRetryAfterIsLeftOutOfFallbackChainsToo() {
        ModelRouter.State cooling = new ModelRouter.State(Map.of(), Map.of(), Map.of("kimi", "kimi asked Keel to wait 40 s more (Retry-After)"),
                GuardLevel.OK);

        ModelRouter.Decision local = router.decide(task("Tidy this list.", null, null), cooling);
        ModelRouter.Decision reasoning = router.decide(task("Compare the offers.", "analysis", null), cooling);

        assertThat(local.fallback()).containsExactly("claude");
        assertThat(reasoning.reason()).contains("kimi asked Keel to wait 40 s more");
    }

    @Test
    void anUndemandedTierRefusedOnlyForBudgetsIsABudgetStop() {
        ModelRouter.State allSpent = new ModelRouter.State(Map.of(), Map.of("claude", 30.0, "kimi", 20.0),
                Map.of("ollama", "ollama's circuit is open"), GuardLevel.OK);

        ModelRouter.Decision d = router.decide(task("Compare the offers.", null, Tier.REASONING), allSpent);

        assertThat(d.routed()).isFalse();
        assertThat(d.budgetStop()).isTrue();
    }

    private static final String BOARD_DECISION =
            "Decide our pricing strategy for next year; this is a critical board decision with legal exposure.";

    @Test
    void withoutTierKindOrPinTheContentDecidesAndTheReasonNamesTheEvidence() {
        ModelRouter.Decision d = router.decide(task(BOARD_DECISION, null, null), quiet);

        assertThat(d.provider().name()).isEqualTo("claude");
        assertThat(d.rule()).isEqualTo("strategy");
        assertThat(d.reason()).contains("A business strategy question (\"pricing strategy\", rule strategy)",
                "asks for a decision (\"Decide\", rule decision-asked)", "the critical tier");
    }

    @Test
    void aPinATierAndACriticalOrReasoningKindEachWinOverTheContent() {
        ModelRouter.Decision pinned = router.decide(new ModelRouter.Task(BOARD_DECISION, null, null, 512,
                new ModelRouter.Pin("ollama", "qwen2.5-coder:7b")), quiet);
        ModelRouter.Decision tier = router.decide(task(BOARD_DECISION, null, Tier.LOCAL), quiet);
        ModelRouter.Decision kind = router.decide(task(BOARD_DECISION, "analysis", null), quiet);
        ModelRouter.Decision unlisted = router.decide(task(BOARD_DECISION, "memo", null), quiet);

        assertThat(pinned.provider().name()).isEqualTo("ollama");
        assertThat(pinned.rule()).isEqualTo("pin");
        assertThat(tier.tier()).isEqualTo(Tier.LOCAL);
        assertThat(tier.rule()).isEqualTo("tier");
        assertThat(kind.tier()).isEqualTo(Tier.REASONING);
        assertThat(kind.rule()).isEqualTo("kind:analysis");
        assertThat(unlisted.tier()).isEqualTo(Tier.CRITICAL);
        assertThat(unlisted.reason()).startsWith("A 'memo' task: a business strategy question");
    }

    @Test
    void theMixGovernorStillStepsDownWorkTheContentMadeCritical() {
        ModelRouter.State busy = new ModelRouter.State(Map.of(Tier.CRITICAL, 12.0), Map.of(), Map.of(), GuardLevel.OK);

        ModelRouter.Decision d = router.decide(task(BOARD_DECISION, null, null), busy);

        assertThat(d.tier()).isEqualTo(Tier.REASONING);
        assertThat(d.rule()).isEqualTo("strategy");
        assertThat(d.reason()).contains("rule strategy", "the critical tier has 12% of recent calls against a 5% target");
    }
}
