package dev.keel.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.router.AnswerFormat;
import org.junit.jupiter.api.Test;

class AnswerCheckTest {

    static final AnswerFormat VERDICT = new AnswerFormat("verdict", "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}},"
            + "\"required\":[\"ok\"]}", false);

    @Test
    void anAnswerMatchingTheSchemaPasses() {
        assertThat(AnswerCheck.problem("{\"ok\": true}", VERDICT)).isEmpty();
    }

    @Test
    void anAnswerMissingARequiredPropertySaysWhich() {
        assertThat(AnswerCheck.problem("{\"fine\": true}", VERDICT)).hasValueSatisfying(p -> assertThat(p).contains("ok", "verdict"));
    }

    @Test
    void proseIsNotJson() {
        assertThat(AnswerCheck.problem("Sure! Here it is.", VERDICT)).hasValueSatisfying(p -> assertThat(p).contains("not JSON"));
    }

    @Test
    void jsonObjectTakesAnyObjectButNotAnArray() {
        assertThat(AnswerCheck.problem("{\"a\":1}", AnswerFormat.anyObject())).isEmpty();
        assertThat(AnswerCheck.problem("[1]", AnswerFormat.anyObject())).isPresent();
    }
}
