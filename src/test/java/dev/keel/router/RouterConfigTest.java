package dev.keel.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.boot.ConfigException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RouterConfigTest {

    private static RouterConfig parse(String yaml) throws Exception {
        return RouterConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static final String OLLAMA = "  - {name: ollama, type: ollama, tier: local, base-url: 'http://localhost:11434', models: [m]}\n";
    private static final String ROUTING = "routing: {target-mix: {local: 80, reasoning: 15, critical: 5}}\n";

    @Test
    void theBuiltInConfigurationHasTheThreeTiers() {
        RouterConfig config = RouterConfig.load(null);

        assertThat(config.providers()).extracting(Provider::name).containsExactly("ollama", "kimi", "claude");
        assertThat(config.provider("kimi").type()).isEqualTo(Provider.Type.OPENAI_COMPATIBLE);
        assertThat(config.provider("claude").keySecret()).isEqualTo("anthropic-api-key");
        assertThat(config.fallback()).containsExactly("ollama", "kimi", "claude");
    }

    @Test
    void aKeyWrittenInsteadOfASecretNameIsRefused() {
        assertThatThrownBy(() -> parse("providers:\n" + OLLAMA + "  - {name: kimi, type: openai-compatible, tier: reasoning,"
                + " base-url: 'https://x.test/v1', models: [k], key-secret: sk-FAKEFAKEFAKE, price: {input: 1, output: 1}}\n" + ROUTING))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must name a secret, not hold a key");
    }

    @Test
    void mistakesNameTheProviderAndField() {
        assertThatThrownBy(() -> parse("providers:\n  - {name: x, type: telepathy, tier: local, base-url: 'http://a', models: [m]}\n"
                + ROUTING)).hasMessageContaining("provider 'x' type 'telepathy' is not one of");
        assertThatThrownBy(() -> parse("providers:\n  - {name: c, type: anthropic, tier: critical, base-url: 'https://a',"
                + " models: [m], key-secret: k}\n" + ROUTING)).hasMessageContaining("has no price");
        assertThatThrownBy(() -> parse("providers:\n" + OLLAMA + "routing: {target-mix: {local: 80, reasoning: 15, critical: 15}}\n"))
                .hasMessageContaining("adds up to 110.0");
        assertThatThrownBy(() -> parse("providers:\n" + OLLAMA + "routing: {target-mix: {local: 80, reasoning: 15, critical: 5},"
                + " fallback: [ollama, groq]}\n")).hasMessageContaining("names 'groq', which is not a provider");
    }
}
