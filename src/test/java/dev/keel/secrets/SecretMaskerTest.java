package dev.keel.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    /** Fake keys in each provider's shape; none is a real key. */
    static final String[] FAKE_KEYS = {
        "sk-ant-api03-FAKEfakeFAKEfake0000", "sk-or-v1-0000fake0000fake0000fake", "gsk_FAKEfakeFAKEfake0000",
        "sk-FAKEmoonshotFAKE0000", "sk-proj-FAKEopenaiFAKE0000"};

    @Test
    void masksEveryProviderKeyShapeKeepingItsPrefix() {
        for (String key : FAKE_KEYS) {
            String masked = SecretMasker.mask("calling with " + key + " now");
            assertThat(masked).doesNotContain(key).contains(SecretMasker.MASK).matches("calling with (sk-|gsk_).*");
        }
        assertThat(SecretMasker.mask("key sk-ant-api03-FAKEfakeFAKEfake0000")).isEqualTo("key sk-ant-****");
    }

    @Test
    void masksHeadersAndAssignments() {
        assertThat(SecretMasker.mask("Authorization: Bearer abc.def.ghi-FAKE"))
                .isEqualTo("Authorization: Bearer ****");
        assertThat(SecretMasker.mask("x-api-key: FAKE1234567890")).isEqualTo("x-api-key: ****");
        assertThat(SecretMasker.mask("{\"api_key\": \"FAKE1234\"}")).isEqualTo("{\"api_key\": \"****\"}");
        assertThat(SecretMasker.mask("password=hunter22&user=bob")).isEqualTo("password=****&user=bob");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "task-42 sk-short done; skeleton key; the bearer of news";

        assertThat(SecretMasker.mask(text)).isEqualTo(text);
    }
}
