package dev.keel.router;

import dev.keel.ledger.CostCalculator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.secrets.SecretStore;
import dev.keel.support.FakeProvider;
import dev.keel.support.Wire;
import dev.langchain4j.data.message.UserMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each provider's real wire format, served by an in-process fake: what Keel sends, and the usage it reads back. */
class ProviderCallsTest {

    @TempDir
    Path home;

    static final String KIMI_KEY = "sk-FAKE-kimi-test-key-000000000001";
    static final String CLAUDE_KEY = "sk-ant-FAKE-claude-test-key-0000001";

    final Cooldowns cooldowns = new Cooldowns(Clock.systemUTC());

    private ProviderCalls calls() {
        return new ProviderCalls(new SecretStore(home.resolve("secrets"), home.resolve("docker"),
                Map.of("MOONSHOT_API_KEY", KIMI_KEY, "ANTHROPIC_API_KEY", CLAUDE_KEY), Clock.systemUTC()), Duration.ofSeconds(5), cooldowns);
    }

    private static Provider provider(String name, Provider.Type type, Tier tier, String url, String key, Price price) {
        return new Provider(name, type, tier, URI.create(url), key, List.of("m-1"), 32768, price, 0.40, 10, 0, 0, 2, true);
    }

    @Test
    void ollamaNativeChatReportsPromptEvalAndEvalCounts() {
        try (FakeProvider ollama = FakeProvider.start().answer("/api/chat", 200, "{\"model\":\"m-1\",\"created_at\":"
                + "\"2026-11-24T10:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Disk, backups, queues.\"},"
                + "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":900000000,\"load_duration\":100000000,"
                + "\"prompt_eval_count\":12,\"prompt_eval_duration\":50000000,\"eval_count\":7,\"eval_duration\":700000000}")) {
            ProviderCalls.Reply reply = calls().call(provider("ollama", Provider.Type.OLLAMA, Tier.LOCAL, ollama.url(), null,
                    Price.FREE), "m-1", List.of(UserMessage.from("Checks before a batch?")), ProviderCalls.Options.NONE);

            assertThat(reply.text()).isEqualTo("Disk, backups, queues.");
            assertThat(reply.usage().inputTokens()).isEqualTo(12);
            assertThat(reply.usage().outputTokens()).isEqualTo(7);
            assertThat(ollama.received()).singleElement().satisfies(r -> {
                assertThat(r.body().replace(" ", "")).contains("\"model\":\"m-1\"", "\"role\":\"user\"");
                assertThat(r.body()).contains("Checks before a batch?");
            });
        }
    }

    @Test
    void openAiCompatibleUsageSeparatesCachedPromptTokensAndSendsTheBearerKey() {
        try (FakeProvider kimi = FakeProvider.start().answer("/v1/chat/completions", 200, "{\"id\":\"chatcmpl-1\","
                + "\"object\":\"chat.completion\",\"created\":1795000000,\"model\":\"m-1\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Vendor B.\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":80,\"total_tokens\":1080,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":600}}}")) {
            Provider p = provider("kimi", Provider.Type.OPENAI_COMPATIBLE, Tier.REASONING, kimi.url() + "/v1", "moonshot-api-key",
                    new Price(0.60, 2.50, 0.15, 0));
            ProviderCalls.Reply reply = calls().call(p, "m-1", List.of(UserMessage.from("Which vendor?")), ProviderCalls.Options.NONE);

            assertThat(reply.usage()).isEqualTo(new Usage(400, 80, 600, 0, reply.usage().durationMillis()));
            assertThat(CostCalculator.cost(p, reply.usage())).isEqualTo((400 * 0.60 + 80 * 2.50 + 600 * 0.15) / 1e6);
            assertThat(kimi.received().get(0).headers().get("Authorization")).containsExactly("Bearer " + KIMI_KEY);
        }
    }

    @Test
    void anthropicUsageKeepsCacheReadsAndWritesApart() {
        try (FakeProvider claude = FakeProvider.start().answer("/v1/messages", 200, "{\"id\":\"msg_01\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"m-1\",\"content\":[{\"type\":\"text\",\"text\":\"Ship it.\"}],"
                + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":50,\"output_tokens\":10,"
                + "\"cache_creation_input_tokens\":200,\"cache_read_input_tokens\":1000}}")) {
            ProviderCalls.Reply reply = calls().call(provider("claude", Provider.Type.ANTHROPIC, Tier.CRITICAL, claude.url(),
                    "anthropic-api-key", new Price(3, 15, 0.30, 3.75)), "m-1", List.of(UserMessage.from("Ship?")), ProviderCalls.Options.NONE);

            assertThat(reply.usage()).isEqualTo(new Usage(50, 10, 1000, 200, reply.usage().durationMillis()));
            assertThat(claude.received().get(0).headers().get("X-api-key")).containsExactly(CLAUDE_KEY);
            assertThat(claude.received().get(0).headers()).containsKey("Anthropic-version");
        }
    }

    @Test
    void errorsComeBackAsExceptionsWithoutTheKey() {
        try (FakeProvider kimi = FakeProvider.start().answer("/v1/chat/completions", 429, "{\"error\":{\"message\":"
                + "\"Rate limit reached for requests\",\"type\":\"rate_limit_reached_error\"}}", "Retry-After", "2")) {
            Provider p = provider("kimi", Provider.Type.OPENAI_COMPATIBLE, Tier.REASONING, kimi.url() + "/v1", "moonshot-api-key",
                    new Price(0.60, 2.50, 0.15, 0));

            assertThatThrownBy(() -> calls().call(p, "m-1", List.of(UserMessage.from("x")), ProviderCalls.Options.NONE))
                    .hasMessageContaining("Rate limit").hasMessageNotContaining(KIMI_KEY);
            assertThat(cooldowns.remaining("kimi")).isBetween(Duration.ofMillis(1000), Duration.ofSeconds(2));
            assertThat(cooldowns.remaining("claude")).isZero();
        }
    }

    private final StringBuilder streamed = new StringBuilder();

    @Test
    void anOpenAiStreamArrivesInPartsAndIsCostedFromItsUsageChunk() {
        try (FakeProvider kimi = FakeProvider.start().script("/v1/chat/completions", Wire.openAiStream(50, 2, 20, "Hel", "lo"))) {
            Provider p = provider("kimi", Provider.Type.OPENAI_COMPATIBLE, Tier.REASONING, kimi.url() + "/v1", "moonshot-api-key",
                    new Price(0.60, 2.50, 0.15, 0));

            ProviderCalls.Reply reply = calls().stream(p, "m-1", List.of(UserMessage.from("Hi")), ProviderCalls.Options.NONE, streamed::append);

            assertThat(streamed).hasToString("Hello");
            assertThat(reply.text()).isEqualTo("Hello");
            assertThat(reply.usageEstimated()).isFalse();
            assertThat(reply.usage()).isEqualTo(new Usage(30, 2, 20, 0, reply.usage().durationMillis()));
            assertThat(kimi.received().get(0).body().replaceAll("\\s", "")).contains("\"stream\":true", "\"include_usage\":true");
        }
    }

    @Test
    void anAnthropicStreamReadsCacheReadsFromMessageStartAndOutputFromMessageDelta() {
        try (FakeProvider claude = FakeProvider.start().script("/v1/messages", Wire.anthropicStream(30, 5, 100, "Ship", " it"))) {
            Provider p = provider("claude", Provider.Type.ANTHROPIC, Tier.CRITICAL, claude.url(), "anthropic-api-key",
                    new Price(3, 15, 0.30, 3.75));

            ProviderCalls.Reply reply = calls().stream(p, "m-1", List.of(UserMessage.from("Ship?")), ProviderCalls.Options.NONE, streamed::append);

            assertThat(streamed).hasToString("Ship it");
            assertThat(reply.usage()).isEqualTo(new Usage(30, 5, 100, 0, reply.usage().durationMillis()));
        }
    }

    @Test
    void anOllamaStreamCountsPromptEvalAndEvalFromItsLastLine() {
        try (FakeProvider ollama = FakeProvider.start().script("/api/chat", Wire.ollamaStream(12, 7, "Lo", "cal"))) {
            Provider p = provider("ollama", Provider.Type.OLLAMA, Tier.LOCAL, ollama.url(), null, Price.FREE);

            ProviderCalls.Reply reply = calls().stream(p, "m-1", List.of(UserMessage.from("Hi")), ProviderCalls.Options.NONE, streamed::append);

            assertThat(streamed).hasToString("Local");
            assertThat(reply.usage()).isEqualTo(new Usage(12, 7, 0, 0, reply.usage().durationMillis()));
        }
    }

    @Test
    void aStreamWithoutUsageIsEstimatedNotCostedAtZero() {
        try (FakeProvider kimi = FakeProvider.start().script("/v1/chat/completions", Wire.openAiStream(-1, 0, 0, "four score and seven"))) {
            Provider p = provider("kimi", Provider.Type.OPENAI_COMPATIBLE, Tier.REASONING, kimi.url() + "/v1", "moonshot-api-key",
                    new Price(0.60, 2.50, 0.15, 0));

            ProviderCalls.Reply reply = calls().stream(p, "m-1", List.of(UserMessage.from("Recite the opening.")),
                    ProviderCalls.Options.NONE, streamed::append);

            assertThat(reply.usageEstimated()).isTrue();
            assertThat(reply.usage().inputTokens()).isEqualTo(Tokens.estimate("Recite the opening."));
            assertThat(reply.usage().outputTokens()).isEqualTo(Tokens.estimate("four score and seven"));
        }
    }

    @Test
    void aStreamThatBreaksAfterItsFirstPartSaysSoWithWhatArrived() {
        FakeProvider.Reply whole = Wire.openAiStream(50, 9, 0, "first part", "second part");
        int cut = whole.body().indexOf("second part") - 60;
        try (FakeProvider kimi = FakeProvider.start().script("/v1/chat/completions",
                new FakeProvider.Reply(200, whole.body(), cut, "Content-Type", "text/event-stream"))) {
            Provider p = provider("kimi", Provider.Type.OPENAI_COMPATIBLE, Tier.REASONING, kimi.url() + "/v1", "moonshot-api-key",
                    new Price(0.60, 2.50, 0.15, 0));

            assertThatThrownBy(() -> calls().stream(p, "m-1", List.of(UserMessage.from("Hi")), ProviderCalls.Options.NONE, streamed::append))
                    .isInstanceOf(ProviderCalls.StreamBroken.class)
                    .satisfies(e -> assertThat(((ProviderCalls.StreamBroken) e).partial().text()).isEqualTo("first part"));
            assertThat(streamed).hasToString("first part");
        }
    }

    @Test
    void aStreamRefusedBeforeItsFirstPartFailsLikeAPlainCall() {
        try (FakeProvider kimi = FakeProvider.start().answer("/v1/chat/completions", 503, "{\"error\":{\"message\":\"overloaded\"}}",
                "Retry-After", "7")) {
            Provider p = provider("kimi", Provider.Type.OPENAI_COMPATIBLE, Tier.REASONING, kimi.url() + "/v1", "moonshot-api-key",
                    new Price(0.60, 2.50, 0.15, 0));

            assertThatThrownBy(() -> calls().stream(p, "m-1", List.of(UserMessage.from("Hi")), ProviderCalls.Options.NONE, streamed::append))
                    .isNotInstanceOf(ProviderCalls.StreamBroken.class).hasMessageContaining("overloaded");
            assertThat(cooldowns.remaining("kimi")).isGreaterThan(Duration.ofSeconds(6));
        }
    }

    @Test
    void aProviderWithoutItsKeyIsUnavailableNotCalled() {
        Provider groq = provider("groq", Provider.Type.OPENAI_COMPATIBLE, Tier.REASONING, "http://127.0.0.1:9", "groq-api-key",
                new Price(0.1, 0.1, 0.1, 0));

        assertThatThrownBy(() -> calls().call(groq, "m-1", List.of(UserMessage.from("x")), ProviderCalls.Options.NONE))
                .isInstanceOf(ProviderCalls.Unavailable.class).hasMessageContaining("the secret groq-api-key is not set");
    }

    @Test
    void everyModelOfAProviderSharesOneHttpClientAndItsSelectorThread() {
        try (FakeProvider ollama = FakeProvider.start().answer("/api/chat", 200, "{\"model\":\"m\",\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"ok\"},\"done\":true,\"prompt_eval_count\":1,\"eval_count\":1}")) {
            List<String> models = List.of("m-1", "m-2", "m-3", "m-4", "m-5", "m-6");
            Provider p = new Provider("ollama", Provider.Type.OLLAMA, Tier.LOCAL, URI.create(ollama.url()), null, models, 32768,
                    Price.FREE, 0.40, 10, 0, 0, 2, true);
            ProviderCalls calls = calls();
            java.util.Set<String> before = selectorThreads();

            models.forEach(m -> calls.call(p, m, List.of(UserMessage.from("hi")), ProviderCalls.Options.NONE));

            java.util.Set<String> started = selectorThreads();
            started.removeAll(before);
            assertThat(ollama.received()).hasSize(6);
            // the JDK names each client's selector thread HttpClient-<n>-SelectorManager; before, each model built two clients
            assertThat(started).hasSizeLessThanOrEqualTo(1);
        }
    }

    private static java.util.Set<String> selectorThreads() {
        java.util.Set<String> names = new java.util.HashSet<>();
        Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.matches("HttpClient-\\d+-SelectorManager"))
                .forEach(names::add);
        return names;
    }
}
