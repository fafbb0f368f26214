package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.ledger.CostLedger;
import dev.keel.router.ModelGateway;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import dev.langchain4j.data.message.UserMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedProcessorMBean;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fallback chain through the real routes (model-call and the provider routes), and its steps as
 * JMX shows them: Ollama answers 503 (busy), is tried once more, and the call falls back to kimi.
 */
class ModelCallRouteTest {

    static FakeProvider ollama;
    static FakeProvider kimi;
    static RunningKeel keel;

    @BeforeAll
    static void start() throws Exception {
        Path home = Files2.freshHome("model-call");
        ollama = FakeProvider.start().answer("/api/chat", 503,
                "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}");
        kimi = FakeProvider.start().answer("/v1/chat/completions", 200, ModelGatewayTest.KIMI_OK);
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: '%s', models: [qwen], context-window: 32768}
                  - {name: kimi, type: openai-compatible, tier: reasoning, base-url: '%s/v1', key-secret: moonshot-api-key,
                     models: [kimi], context-window: 200000, price: {input: 0.6, output: 2.5, cached-input: 0.15}}
                routing:
                  target-mix: {local: 80, reasoning: 15, critical: 5}
                  fallback: [ollama, kimi]
                """.formatted(ollama.url(), kimi.url()));
        Path secret = Files.writeString(Files.createDirectories(home.resolve("secrets")).resolve("moonshot-api-key"),
                "sk-FAKE-moonshot-0000000000");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        keel = RunningKeel.start(home, "model-call", Map.of());
    }

    @AfterAll
    static void stop() {
        keel.close();
        ollama.close();
        kimi.close();
    }

    @Test
    void aBusyFirstProviderIsRetriedOnceThenTheSecondAnswersAndEveryAttemptIsInTheLedger() {
        ModelGateway.Result result = keel.camel().createProducerTemplate().requestBody("direct:model-call",
                new ModelGateway.Request("agent-1", List.of(UserMessage.from("Tidy this list.")), null, null, 256),
                ModelGateway.Result.class);

        assertThat(result.provider()).isEqualTo("kimi");
        assertThat(result.text()).isEqualTo("kimi answer");
        assertThat(result.attempts()).hasSize(3);
        assertThat(result.attempts().subList(0, 2)).allSatisfy(a -> assertThat(a).startsWith("ollama: ").contains("503"));
        assertThat(result.attempts().get(2)).isEqualTo("kimi: ok");
        assertThat(ollama.received()).hasSize(2);
        List<CostLedger.Call> calls = keel.camel().getRegistry().lookupByNameAndType("modelGateway", ModelGateway.class).ledger()
                .since(Instant.now().minusSeconds(60));
        assertThat(calls).extracting(CostLedger.Call::provider, CostLedger.Call::outcome).containsExactlyInAnyOrder(
                Tuple.tuple("ollama", "rate-limited"), Tuple.tuple("ollama", "rate-limited"), Tuple.tuple("kimi", "ok"));

        ManagedCamelContext managed = keel.camel().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        for (String step : List.of("model-call-decide", "model-call-admit", "model-call-provider", "model-call-release",
                "model-call-classify", "model-call-record", "model-call-next", "model-call-result")) {
            ManagedProcessorMBean processor = managed.getManagedProcessor(step);
            assertThat(processor).as(step + " is a step of its own in JMX").isNotNull();
            assertThat(processor.getRouteId()).isEqualTo("model-call");
        }
        assertThat(managed.getManagedProcessor("model-call-provider").getExchangesTotal()).as("three attempts through the provider routes")
                .isEqualTo(3);
        assertThat(managed.getManagedProcessor("model-call-classify").getExchangesTotal()).isEqualTo(2);
        assertThat(managed.getManagedRoute("provider-ollama").getExchangesTotal()).isEqualTo(2);
        assertThat(managed.getManagedRoute("provider-kimi").getExchangesTotal()).isEqualTo(1);
    }

    @Test
    void theContentTaskRouteShowsItsStepsAndTheDispatcherSendsToItInTheRoute() throws Exception {
        ManagedCamelContext managed = keel.camel().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        for (String step : List.of("content-prepare", "content-model-call", "content-review", "content-finish", "content-refill")) {
            assertThat(managed.getManagedProcessor(step)).as(step + " is a step of its own in JMX").isNotNull();
            assertThat(managed.getManagedProcessor(step).getRouteId()).isEqualTo("content-task");
        }
        assertThat(managed.getManagedProcessor("content-claim").getRouteId()).isEqualTo("content-dispatch");
        assertThat(managed.getManagedProcessor("content-send").getRouteId()).isEqualTo("content-dispatch");
        assertThat(managed.getManagedRoute("content-dispatch").dumpRouteAsXml()).contains("seda:content-task");
    }
}
