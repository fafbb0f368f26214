package dev.keel.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.router.Tier;
import dev.keel.router.Tokens;
import org.junit.jupiter.api.Test;

class ContentClassifierTest {

    private final ContentClassifier classifier = new ContentClassifier(RoutingRules.builtIn());

    private ContentClassifier.Verdict classify(String text) {
        return classifier.classify(text, Tokens.estimate(text));
    }

    private Tier tier(String text) {
        return classify(text).tier();
    }

    @Test
    void aDecisionWithMoneyAtStakeIsCriticalAndTheReasonQuotesTheEvidence() {
        ContentClassifier.Verdict v = classify("Please approve the $2M contract renewal with Northwind by Friday.");

        assertThat(v.tier()).isEqualTo(Tier.CRITICAL);
        assertThat(v.reason()).contains("asks for a decision (\"approve\", rule decision-asked)",
                "money at stake (\"$2M\", rule money-at-stake)", "legal consequences (\"contract\", rule legal-stakes)");
        assertThat(v.critical()).isGreaterThanOrEqualTo(RoutingRules.builtIn().criticalThreshold());
    }

    @Test
    void decisionWordsWithoutStakesStayLocal() {
        assertThat(tier("Menu tab name: \"Insights\" or \"Reports\"? Help me decide, one sentence why.")).isEqualTo(Tier.LOCAL);
        assertThat(tier("The sign-off on our newsletter is \"Cheers!\" Give me 3 alternatives.")).isEqualTo(Tier.LOCAL);
    }

    @Test
    void aShortIncidentCallIsCritical() {
        assertThat(tier("Take checkout offline during the fraud spike? Yes or no.")).isEqualTo(Tier.CRITICAL);
    }

    @Test
    void smallCodeThatGuardsAccessIsCriticalButATrivialOneLinerIsLocal() {
        ContentClassifier.Verdict guard = classify("tiny tweak: let support staff skip the approval here\n"
                + "if (user.role === 'admin' && approvals >= 2) grantAccess(target)");

        assertThat(guard.tier()).isEqualTo(Tier.CRITICAL);
        assertThat(guard.evidence()).extracting(Evidence::rule).contains("security-code");
        assertThat(tier("Regex for an ISO date like 2025-03-15?")).isEqualTo(Tier.LOCAL);
        assertThat(tier("In this line, rename `n` to `count`: `let n = list.length;`")).isEqualTo(Tier.LOCAL);
    }

    @Test
    void securityWordsWithoutCodeDoNotCountAsSecurityCode() {
        ContentClassifier.Verdict v = classify("Describe single sign-on in two sentences for our help centre.");

        assertThat(v.tier()).isEqualTo(Tier.LOCAL);
        assertThat(v.evidence()).extracting(Evidence::rule).doesNotContain("security-code");
    }

    @Test
    void concurrentProductionCodeIsCritical() {
        assertThat(tier("Implement an idempotent payment webhook handler that is safe when Stripe retries it concurrently. Kotlin."))
                .isEqualTo(Tier.CRITICAL);
    }

    @Test
    void aDeclaredLongInputIsAtLeastReasoningEvenForASimpleTask() {
        ContentClassifier.Verdict v = classify("Translate the attached 150-page installation guide into French.");

        assertThat(v.tier()).isEqualTo(Tier.REASONING);
        assertThat(v.rule()).isEqualTo("long-document");
        assertThat(v.reason()).startsWith("carries a long document (\"150-page\", rule long-document)");
        assertThat(tier("Summarise these tens of thousands of lines of logs into five bullets.")).isEqualTo(Tier.REASONING);
        assertThat(tier("Summarise in two bullets: \"The fridge is broken; a technician comes on Monday.\"")).isEqualTo(Tier.LOCAL);
    }

    @Test
    void aLongDocumentThatMustBeAcceptedOrRejectedIsCritical() {
        assertThat(tier("Here is the 60-page master services agreement. Can we sign it as is, or which clauses must we reject?"))
                .isEqualTo(Tier.CRITICAL);
    }

    @Test
    void comparingOptionsWithLittleAtStakeIsReasoningAndBecomesCriticalForAnArchitectureDecision() {
        assertThat(tier("Compare Trello, Asana and Linear for our 12-person marketing team on price and ease of use.")).isEqualTo(Tier.REASONING);
        assertThat(tier("Should we split billing out of the monolith into a separate service now, or wait a year?")).isEqualTo(Tier.CRITICAL);
    }

    @Test
    void multiStepWorkIsReasoning() {
        assertThat(tier("Plan the office move in three phases with milestones and dependencies on IT and facilities.")).isEqualTo(Tier.REASONING);
        assertThat(tier("What's the payback period of a $40k machine saving $1,500 a month, with 3% yearly maintenance?"))
                .isEqualTo(Tier.REASONING);
    }

    @Test
    void readsGermanFrenchSpanishChineseAndJapanese() {
        assertThat(tier("Sollen wir das Angebot zur Übernahme für 20 Mio. € annehmen? Der Vorstand braucht eine Empfehlung.")).isEqualTo(Tier.CRITICAL);
        assertThat(tier("Voici 30 rapports d'audit de l'année dernière : identifie les problèmes récurrents.")).isEqualTo(Tier.REASONING);
        assertThat(tier("¿Deberíamos aceptar la demanda y pagar 500.000 € de acuerdo?")).isEqualTo(Tier.CRITICAL);
        assertThat(tier("请阅读这份120页的年度报告并总结要点。")).isEqualTo(Tier.REASONING);
        assertThat(tier("この文を英語に訳してください：「明日は休みです。」")).isEqualTo(Tier.LOCAL);
    }

    @Test
    void theSystemPromptAndEarlierTurnsCountAsEvidence() {
        String conversation = "You review vendor contracts for the legal team before signature.\n"
                + "Here is the indemnity clause.\nCan we sign it as written?";

        assertThat(tier("Can we sign it as written?")).isEqualTo(Tier.LOCAL);
        assertThat(tier(conversation)).isEqualTo(Tier.CRITICAL);
    }

    @Test
    void aRequestWithoutEvidenceIsLocalAndSaysSo() {
        ContentClassifier.Verdict v = classify("How many days are there in a leap year?");

        assertThat(v.tier()).isEqualTo(Tier.LOCAL);
        assertThat(v.rule()).isEqualTo(ContentClassifier.NO_EVIDENCE);
        assertThat(v.reason()).startsWith("no evidence of stakes, code, multi-step reasoning or a long input");
    }

    @Test
    void aVeryLongRequestCountsAsReasoningUnlessItOnlyAsksForATidyUp() {
        String body = "The quarterly figures moved in several directions across regions and products. ".repeat(800);

        assertThat(classifier.classify("Which regions explain the change? " + body, 9000).tier()).isEqualTo(Tier.REASONING);
        assertThat(classifier.classify("Fix the spelling only, nothing else: " + body, 9000).tier()).isEqualTo(Tier.LOCAL);
    }
}
