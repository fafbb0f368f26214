package dev.keel.router.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.boot.ConfigException;
import dev.keel.router.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingRulesTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("routing.yaml"), yaml);
    }

    @Test
    void withoutAnOperatorFileTheBuiltInRulesApply() {
        RoutingRules rules = RoutingRules.load(dir.resolve("routing.yaml"));

        assertThat(rules.source()).isEqualTo("built-in routing.yaml");
        assertThat(rules.criticalThreshold()).isEqualTo(3.0);
        assertThat(rules.rule("money-at-stake").critical()).isEqualTo(1.5);
    }

    @Test
    void theOperatorFileOverridesThresholdsAndRuleFieldsByIdAndAddsRules() throws IOException {
        RoutingRules rules = RoutingRules.load(file("""
                thresholds: {critical: 4.0}
                rules:
                  - id: money-at-stake
                    weights: {critical: 2.5}
                  - id: hr-policy
                    says: an HR policy change
                    weights: {critical: 3.0}
                    patterns: ['\\bparental leave policy\\b']
                """));

        assertThat(rules.criticalThreshold()).isEqualTo(4.0);
        assertThat(rules.reasoningThreshold()).isEqualTo(2.0);
        assertThat(rules.rule("money-at-stake").critical()).isEqualTo(2.5);
        assertThat(rules.rule("money-at-stake").says()).isEqualTo("money at stake");
        assertThat(rules.rule("money-at-stake").patterns()).isNotEmpty();
        ContentClassifier.Verdict v = new ContentClassifier(rules).classify("Draft our new parental leave policy, effective in May.", 20);
        assertThat(v.tier()).isEqualTo(Tier.REASONING);
        assertThat(v.evidence()).extracting(Evidence::rule).contains("hr-policy");
    }

    @Test
    void aRuleSwitchedOffNoLongerCounts() throws IOException {
        String prompt = "Take checkout offline during the fraud spike? Yes or no.";
        assertThat(new ContentClassifier(RoutingRules.builtIn()).classify(prompt, 15).tier()).isEqualTo(Tier.CRITICAL);

        RoutingRules rules = RoutingRules.load(file("rules:\n  - id: security-stakes\n    enabled: false\n"));

        assertThat(rules.rule("security-stakes")).isNull();
        assertThat(new ContentClassifier(rules).classify(prompt, 15).tier()).isEqualTo(Tier.LOCAL);
    }

    @Test
    void aBadPatternNamesTheFileTheKeyTheRuleAndThePattern() throws IOException {
        Path bad = file("rules:\n  - id: strategy\n    patterns: ['\\b(pricing']\n");

        assertThatThrownBy(() -> RoutingRules.load(bad)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("keel.router.routing-file: " + bad + ": rules 'strategy' patterns[1] is not a regular expression");
    }

    @Test
    void badWeightsThresholdsFloorsAndReferencesAreRefusedWithTheirPlace() throws IOException {
        Path weight = file("rules:\n  - id: urgency\n    weights: {critical: lots}\n");
        assertThatThrownBy(() -> RoutingRules.load(weight)).hasMessageContaining(weight + ": rules 'urgency' weights.critical must be a number");

        Path tier = file("rules:\n  - id: urgency\n    weights: {local: 1}\n");
        assertThatThrownBy(() -> RoutingRules.load(tier)).hasMessageContaining("weights.local is not a tier score");

        Path threshold = file("thresholds: {reasoning: 0}\n");
        assertThatThrownBy(() -> RoutingRules.load(threshold)).hasMessageContaining(threshold + ": thresholds.reasoning must be above 0");

        Path floor = file("rules:\n  - id: urgency\n    floor: urgent\n");
        assertThatThrownBy(() -> RoutingRules.load(floor)).hasMessageContaining("rules 'urgency' floor 'urgent' is not one of");

        Path requires = file("rules:\n  - id: urgency\n    requires: [no-such-rule]\n");
        assertThatThrownBy(() -> RoutingRules.load(requires)).hasMessageContaining("rules 'urgency' requires 'no-such-rule', which is not a rule");

        Path incomplete = file("rules:\n  - id: brand-new\n    says: something\n    weights: {critical: 1}\n");
        assertThatThrownBy(() -> RoutingRules.load(incomplete)).hasMessageContaining("rules 'brand-new' has neither patterns nor a quantity");
    }

    @Test
    void aFileThatIsNotYamlIsNamed() throws IOException {
        Path bad = file("rules: [ {id: x\n");

        assertThatThrownBy(() -> RoutingRules.load(bad)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("keel.router.routing-file: " + bad + " is not valid YAML");
    }
}
