package dev.keel.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.router.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a content output that failed QA or safety goes to a stronger tier. */
class EscalationTest {

    @Test
    void aPassingOutputIsNeitherEscalatedNorRejected() {
        var verdict = Escalation.after(Tier.LOCAL, false, List.of());

        assertThat(verdict.escalate()).isFalse();
        assertThat(verdict.rejection()).isNull();
    }

    @Test
    void aFailedLocalOutputGoesOnceToTheReasoningTierWithTheReasonsInItsNote() {
        var verdict = Escalation.after(Tier.LOCAL, false, List.of("too short", "no sources"));

        assertThat(verdict.escalate()).isTrue();
        assertThat(verdict.note()).isEqualTo("local output failed (too short; no sources), sent once to the reasoning tier");
    }

    @Test
    void aSecondFailureAfterEscalationIsRejected() {
        var verdict = Escalation.after(Tier.LOCAL, true, List.of("too short"));

        assertThat(verdict.escalate()).isFalse();
        assertThat(verdict.rejection()).isEqualTo("too short");
    }

    @Test
    void aFailedCloudOutputIsRejectedWithoutEscalation() {
        var verdict = Escalation.after(Tier.REASONING, false, List.of("safety: names a person", "too short"));

        assertThat(verdict.escalate()).isFalse();
        assertThat(verdict.rejection()).isEqualTo("safety: names a person; too short");
    }
}
