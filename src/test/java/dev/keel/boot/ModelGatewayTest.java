package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.ledger.CostLedger;
import dev.keel.router.ModelGateway;
import dev.keel.router.Tier;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** direct:model-call through the real routes, against fake providers speaking Ollama, OpenAI and Anthropic. */
class ModelGatewayTest {

    static FakeProvider ollama;
    static FakeProvider kimi;
    static FakeProvider claude;
    static RunningKeel keel;
    static Path home;

    static final String OLLAMA_OK = "{\"model\":\"qwen\",\"created_at\":\"2026-11-24T10:00:00Z\",\"message\":{\"role\":\"assistant\","
            + "\"content\":\"local answer\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":900000000,"
            + "\"prompt_eval_count\":12,\"eval_count\":7,\"eval_duration\":700000000}";
    static final String KIMI_OK = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1795000000,\"model\":\"kimi\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"kimi answer\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20,\"total_tokens\":120,\"prompt_tokens_details\":{\"cached_tokens\":40}}}";

    @BeforeAll
    static void start() throws Exception {
        home = Files2.freshHome("gateway");
        ollama = FakeProvider.start().answer("/api/chat", 500, "{\"error\":\"model runner crashed\"}");
        kimi = FakeProvider.start().answer("/v1/chat/completions", 200, KIMI_OK);
        claude = FakeProvider.start().answer("/v1/messages", 529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}");
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: '%s', models: [qwen], context-window: 32768, local-rate-per-hour: 0.4}
                  - {name: kimi, type: openai-compatible, tier: reasoning, base-url: '%s/v1', key-secret: moonshot-api-key,
                     models: [kimi], context-window: 200000, price: {input: 0.6, output: 2.5, cached-input: 0.15}, daily-budget-usd: 5}
                  - {name: claude, type: anthropic, tier: critical, base-url: '%s', key-secret: anthropic-api-key,
                     models: [claude], context-window: 200000, price: {input: 3, output: 15, cached-input: 0.3, cache-write: 3.75}}
                routing:
                  target-mix: {local: 80, reasoning: 15, critical: 5}
                  critical-kinds: [decision]
                  fallback: [ollama, kimi, claude]
                """.formatted(ollama.url(), kimi.url(), claude.url()));
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        for (String name : List.of("moonshot-api-key", "anthropic-api-key")) {
            Path f = Files.writeString(secrets.resolve(name), "sk-FAKE-" + name + "-0000000000");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        keel = RunningKeel.start(home, "gateway", Map.of("keel.router.circuit-open", "60s"));
    }

    @AfterAll
    static void stop() {
        keel.close();
        ollama.close();
        kimi.close();
        claude.close();
    }

    private static ModelGateway.Result ask(String prompt, String kind) {
        return keel.camel().createProducerTemplate().requestBody("direct:model-call",
                new ModelGateway.Request("agent-1", List.of(dev.langchain4j.data.message.UserMessage.from(prompt)), kind, null, 256),
                ModelGateway.Result.class);
    }

    private static CostLedger ledger() {
        return keel.camel().getRegistry().lookupByNameAndType("modelGateway", ModelGateway.class) == null ? null
                : keel.camel().getRegistry().lookupByNameAndType("modelGateway", ModelGateway.class).ledger();
    }

    @Test
    void aFailingLocalModelFallsBackToKimiAndBothAttemptsAreInTheLedger() {
        ModelGateway.Result result = ask("Tidy this list.", null);

        assertThat(result.text()).isEqualTo("kimi answer");
        assertThat(result.provider()).isEqualTo("kimi");
        assertThat(result.reason()).contains("Routine work: asks only to tidy", "rule routine-edit", "Fell back to kimi");
        assertThat(result.attempts()).first().asString().startsWith("ollama: ");
        assertThat(result.costUsd()).isEqualTo((60 * 0.6 + 20 * 2.5 + 40 * 0.15) / 1e6);
        List<CostLedger.Call> calls = ledger().since(Instant.now().minusSeconds(60));
        assertThat(calls).extracting(CostLedger.Call::provider, CostLedger.Call::outcome)
                .contains(org.assertj.core.groups.Tuple.tuple("ollama", "failed"), org.assertj.core.groups.Tuple.tuple("kimi", "ok"));
    }

    @Test
    void repeatedFailuresOpenTheCircuitAndTheRouterSkipsIt() {
        for (int i = 0; i < 5; i++) {
            ask("Tidy list " + i + ".", null);
        }
        int before = ollama.received().size();

        ModelGateway.Result result = ask("Tidy one more list.", null);

        assertThat(result.provider()).isEqualTo("kimi");
        assertThat(result.reason()).contains("ollama's circuit is open");
        assertThat(ollama.received()).hasSize(before);
    }

    @Test
    void whenEveryProviderFailsTheCallerIsToldWhyForEach() {
        assertThatThrownBy(() -> ask("Choose the vendor.", "decision")).isInstanceOf(CamelExecutionException.class)
                .hasRootCauseInstanceOf(ModelGateway.NoProvider.class).rootCause().hasMessageContaining("claude:")
                .hasMessageNotContaining("sk-FAKE");
    }

    @Test
    void decisionsAreCostedFromTheLedgerView() {
        assertThat(ledger().recentShares(200)).containsKey(Tier.REASONING);
    }
}
