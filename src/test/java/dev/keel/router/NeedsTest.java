package dev.keel.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a call needs of a model, and how that passes providers over, pure. */
class NeedsTest {

    static RouterConfig config() throws Exception {
        return RouterConfig.parse(new ByteArrayInputStream("""
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: 'http://127.0.0.1:1', models: [qwen]}
                  - {name: kimi, type: openai-compatible, tier: reasoning, base-url: 'http://127.0.0.1:2', key-secret: k,
                     models: [{name: kimi-old, supports: []}, {name: kimi-k2.5, supports: [tools, vision]}], price: {input: 1, output: 1}}
                routing:
                  target-mix: {local: 80, reasoning: 20, critical: 0}
                """.getBytes(StandardCharsets.UTF_8)), "test");
    }

    static ModelGateway.Request withTools(ModelRouter.Pin pin) {
        return new ModelGateway.Request("a", List.of(UserMessage.from("hi")), null, null, 100, pin,
                new ProviderCalls.Options(null, null, List.of(ToolSpecification.builder().name("t").build()), null, null, null, null), null);
    }

    @Test
    void aProviderWithoutAToolModelIsPassedOverWithTheReason() throws Exception {
        ModelRouter.State state = Needs.state(ModelRouter.State.quiet(), config(), withTools(null));

        assertThat(state.unavailable()).containsOnlyKeys("ollama");
        assertThat(state.unavailable().get("ollama")).contains("no model configured for tools");
    }

    @Test
    void theRouterThenTakesTheNextTierAndSaysWhy() throws Exception {
        RouterConfig config = config();
        ModelRouter.Decision decision = new ModelRouter(config).decide(ModelRouter.Task.of("hi"),
                Needs.state(ModelRouter.State.quiet(), config, withTools(null)));

        assertThat(decision.provider().name()).isEqualTo("kimi");
        assertThat(decision.reason()).contains("ollama has no model configured for tools");
    }

    @Test
    void theProvidersFirstCapableModelIsCalledWhenItsDefaultCannot() throws Exception {
        Provider kimi = config().provider("kimi");

        assertThat(Needs.model(kimi, "kimi-old", withTools(null))).isEqualTo("kimi-k2.5");
        assertThat(Needs.model(kimi, "kimi-old", ModelGateway.Request.of("a", "plain"))).isEqualTo("kimi-old");
    }

    @Test
    void aPinnedModelThatCannotIsUnavailableEvenIfItsSiblingCan() throws Exception {
        ModelRouter.State state = Needs.state(ModelRouter.State.quiet(), config(), withTools(new ModelRouter.Pin("kimi", "kimi-old")));

        assertThat(state.unavailable()).containsKey("kimi");
    }

    @Test
    void plainChatNeedsNothing() {
        assertThat(Needs.of(ModelGateway.Request.of("a", "hi"))).isEqualTo(Set.of());
    }

    @Test
    void aRequiredToolCallPassesOllamaOverForItCannotBeForced() throws Exception {
        ModelGateway.Request forced = new ModelGateway.Request("a", List.of(UserMessage.from("hi")), null, null, 100, null,
                new ProviderCalls.Options(null, null, List.of(ToolSpecification.builder().name("t").build()),
                        dev.langchain4j.model.chat.request.ToolChoice.REQUIRED, null, null, null), null);

        assertThat(Needs.state(ModelRouter.State.quiet(), config(), forced).unavailable().get("ollama")).contains("no tool_choice");
    }
}
