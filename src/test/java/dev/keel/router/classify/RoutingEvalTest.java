package dev.keel.router.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.router.ModelRouter;
import dev.keel.router.RouterConfig;
import dev.keel.router.Tier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The routing rules' gate in CI: a change to routing.yaml that loses accuracy on the labelled sets fails here. */
class RoutingEvalTest {

    /** The targets for unseen prompts. */
    private static final EvalGate TARGETS = new EvalGate(0.90, 0.95, 0.95);

    private final RouterConfig config = RouterConfig.load(null);

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(RoutingEvalTest.class.getResource("/routing/" + name).toURI());
    }

    private Evaluation evaluate(String name) throws URISyntaxException {
        return Evaluation.of(new ModelRouter(config), LabelledPrompts.read(resource(name)));
    }

    @Test
    void theDevelopmentSetMeetsTheTargets() throws URISyntaxException {
        Evaluation dev = evaluate("dev.jsonl");

        assertThat(dev.total()).isEqualTo(180);
        assertThat(TARGETS.shortfalls(dev)).as(EvaluationReport.text("dev.jsonl", dev, config.targetMix())).isEmpty();
    }

    @Test
    void theHeldOutSetMeetsTheTargets() throws URISyntaxException {
        Evaluation holdout = evaluate("holdout.jsonl");

        assertThat(holdout.labelled(Tier.CRITICAL)).isPositive();
        assertThat(TARGETS.shortfalls(holdout)).as(EvaluationReport.text("holdout.jsonl", holdout, config.targetMix())).isEmpty();
    }

    /** Written by someone who never saw the rules, so it checks that the rules generalise. */
    @Test
    void theIndependentSetMeetsTheTargets() throws URISyntaxException {
        Evaluation independent = evaluate("holdout2.jsonl");

        assertThat(independent.total()).isEqualTo(90);
        assertThat(independent.labelled(Tier.CRITICAL)).isPositive();
        assertThat(TARGETS.shortfalls(independent))
                .as(EvaluationReport.text("holdout2.jsonl", independent, config.targetMix())).isEmpty();
    }

    @Test
    void theRoutedMixCostsLessThanSendingEverythingToTheCriticalTier() throws URISyntaxException {
        Evaluation dev = evaluate("dev.jsonl");

        assertThat(dev.routedCostUsd()).isPositive().isLessThan(dev.allCriticalCostUsd());
    }

    @Test
    void theGateNamesEachFigureBelowItsMinimum() {
        long[][] confusion = {{8, 2, 0}, {0, 5, 0}, {1, 0, 4}};
        Evaluation e = new Evaluation(20, confusion, 0.1, 1.0, List.of());

        assertThat(e.accuracy()).isEqualTo(0.85);
        assertThat(e.recall(Tier.CRITICAL)).isEqualTo(0.8);
        assertThat(e.precision(Tier.LOCAL)).isCloseTo(8.0 / 9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(TARGETS.shortfalls(e)).containsExactly("accuracy 85.0% is below the minimum 90.0%",
                "critical recall 80.0% is below the minimum 95.0%", "local precision 88.9% is below the minimum 95.0%");
        assertThat(EvalGate.NONE.shortfalls(e)).isEmpty();
    }

    @Test
    void messagesAreReadAsOneConversationAndBadLinesAreNamed() {
        LabelledPrompts.Labelled chat = LabelledPrompts.parse("{\"id\":\"c1\",\"tier\":\"critical\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You review contracts.\"},{\"role\":\"user\",\"content\":\"Sign it?\"}]}", "x line 1");

        assertThat(chat.text()).isEqualTo("You review contracts.\nSign it?");
        assertThat(chat.tier()).isEqualTo(Tier.CRITICAL);
        assertThatThrownBy(() -> LabelledPrompts.parse("{\"id\":\"b\",\"prompt\":\"hi\",\"tier\":\"urgent\"}", "set.jsonl line 4"))
                .hasMessage("set.jsonl line 4 (b): tier 'urgent' is not one of local, reasoning, critical");
        assertThatThrownBy(() -> LabelledPrompts.parse("{\"id\":\"b\",\"tier\":\"local\"}", "set.jsonl line 5"))
                .hasMessageContaining("has neither a \"prompt\" string nor a \"messages\" list");
        assertThatThrownBy(() -> LabelledPrompts.parse("not json", "set.jsonl line 6")).hasMessageStartingWith("set.jsonl line 6 is not JSON");
    }
}
