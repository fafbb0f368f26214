package dev.keel.router;

import dev.keel.secrets.Secret;
import dev.keel.secrets.SecretStore;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Calls a provider through langchain4j (Ollama's native /api/chat, OpenAI-compatible
 * /chat/completions, Anthropic /v1/messages) and returns the reply with the usage the provider
 * reported, cached tokens included, plain or streamed. No retries here: fallback and backoff are the
 * route's job. Every client notes Retry-After in {@link Cooldowns}.
 */
public final class ProviderCalls {

    /**
     * A provider's answer and what it used: the text, the tool calls it asked for (each with an id),
     * the reasoning it showed (null when none). {@code usageEstimated} is true when a stream ended
     * without the provider reporting usage, so the tokens are Keel's estimate rather than zero.
     */
    public record Reply(String text, Usage usage, String finishReason, boolean usageEstimated, List<ToolExecutionRequest> toolCalls,
                        String thinking) {
        public Reply {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        public Reply(String text, Usage usage, String finishReason, boolean usageEstimated) {
            this(text, usage, finishReason, usageEstimated, List.of(), null);
        }
    }

    /**
     * What the caller asked of the generation; null fields take the provider's defaults. {@code tools}
     * with {@code toolChoice} (null: the provider's default, auto) and {@code parallelToolCalls};
     * {@code answerFormat} for structured output; {@code thinkingBudget} asks Anthropic models to think.
     */
    public record Options(Double temperature, Integer maxTokens, List<ToolSpecification> tools, ToolChoice toolChoice,
                          Boolean parallelToolCalls, AnswerFormat answerFormat, Integer thinkingBudget) {
        public static final Options NONE = new Options(null, null);

        public Options {
            tools = tools == null ? List.of() : List.copyOf(tools);
        }

        public Options(Double temperature, Integer maxTokens) {
            this(temperature, maxTokens, List.of(), null, null, null, null);
        }

        public Options withAnswerFormat(AnswerFormat format) {
            return new Options(temperature, maxTokens, tools, toolChoice, parallelToolCalls, format, thinkingBudget);
        }
    }

    /** A stream broke after tokens had reached the caller: no other provider may take over. */
    public static final class StreamBroken extends RuntimeException {
        private final transient Reply partial;

        StreamBroken(String message, Throwable cause, Reply partial) {
            super(message, cause);
            this.partial = partial;
        }

        public Reply partial() {
            return partial;
        }
    }

    /** The provider cannot be called at all (disabled, no key): the router should pass it over. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    private final SecretStore secrets;
    private final Duration timeout;
    private final Cooldowns cooldowns;
    private final Map<String, ProviderModels.Built> models = new ConcurrentHashMap<>();
    private final ProviderClients clients;

    public ProviderCalls(SecretStore secrets, Duration timeout, Cooldowns cooldowns) {
        this.secrets = secrets;
        this.timeout = timeout;
        this.cooldowns = cooldowns;
        this.clients = new ProviderClients(cooldowns);
    }

    public Reply call(Provider provider, String model, List<ChatMessage> messages, Options options) {
        ChatModel chat = models(provider, model, options).plain();
        long start = System.nanoTime();
        ChatResponse response = chat.chat(ProviderRequests.of(provider.type(), messages, options));
        long millis = (System.nanoTime() - start) / 1_000_000;
        AiMessage ai = response.aiMessage();
        List<ToolExecutionRequest> calls = ai.toolExecutionRequests().stream().map(r -> r.id() != null && !r.id().isBlank() ? r
                : ToolExecutionRequest.builder().id(StreamCollector.newId()).name(r.name()).arguments(r.arguments()).build()).toList();
        return new Reply(ai.text(), usage(response.tokenUsage(), millis), finish(response), false, calls, ai.thinking());
    }

    /** Streams text only to {@code tokens}; see {@link #stream(Provider, String, List, Options, ModelGateway.StreamSink)}. */
    public Reply stream(Provider provider, String model, List<ChatMessage> messages, Options options, Consumer<String> tokens) {
        return stream(provider, model, messages, options, new ModelGateway.StreamSink() {
            @Override
            public void started(String p, String m, String reason) {
            }

            @Override
            public void token(String text) {
                tokens.accept(text);
            }
        });
    }

    /**
     * Streams the answer to {@code sink} as it comes (text, reasoning, tool-call fragments) and returns
     * it whole at the end. A failure before the first part throws as a plain call would (so the next
     * provider may take over); a failure after it throws {@link StreamBroken} with what was received
     * and its estimated usage.
     */
    public Reply stream(Provider provider, String model, List<ChatMessage> messages, Options options, ModelGateway.StreamSink sink) {
        StreamingChatModel chat = models(provider, model, options).streaming();
        long start = System.nanoTime();
        StreamCollector collector = new StreamCollector(sink);
        chat.chat(ProviderRequests.of(provider.type(), messages, options), collector);
        try {
            ChatResponse response = collector.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            AiMessage ai = response.aiMessage();
            String whole = ai != null && ai.text() != null ? ai.text() : collector.text();
            List<ToolExecutionRequest> calls = collector.toolCalls(ai == null ? List.of() : ai.toolExecutionRequests());
            String thinking = ai != null && ai.thinking() != null ? ai.thinking() : collector.thinking();
            boolean estimated = response.tokenUsage() == null || response.tokenUsage().outputTokenCount() == null;
            Usage usage = estimated ? estimate(messages, whole + (thinking == null ? "" : thinking), millis)
                    : usage(response.tokenUsage(), millis);
            return new Reply(whole, usage, finish(response), estimated, calls, thinking);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while streaming from " + provider.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : new IllegalStateException(
                    provider.name() + " did not finish its stream within " + timeout.toSeconds() + " s");
            collector.done.cancel(true);
            if (collector.parts() == 0) {
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            String received = collector.text();
            throw new StreamBroken(provider.name() + "'s stream broke after " + collector.parts() + " parts: " + cause.getMessage(), cause,
                    new Reply(received, estimate(messages, received, millis), "error", true));
        }
    }

    private static String finish(ChatResponse response) {
        return response.finishReason() == null ? "stop" : response.finishReason().name().toLowerCase(Locale.ROOT);
    }

    /** Usage when a provider reported none: Keel's token estimate of what was sent and received. */
    static Usage estimate(List<ChatMessage> messages, String output, long millis) {
        long input = messages.stream().mapToLong(m -> Tokens.estimate(PromptText.of(m))).sum();
        return new Usage(input, Tokens.estimate(output), 0, 0, millis);
    }

    /** Maps each provider's usage to Keel's: fresh input apart from cache reads and writes. */
    static Usage usage(TokenUsage usage, long millis) {
        if (usage == null) {
            return new Usage(0, 0, 0, 0, millis);
        }
        long input = usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        long output = usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        if (usage instanceof OpenAiTokenUsage openAi && openAi.inputTokensDetails() != null
                && openAi.inputTokensDetails().cachedTokens() != null) {
            return Usage.fromOpenAi(input, output, openAi.inputTokensDetails().cachedTokens(), millis);
        }
        if (usage instanceof AnthropicTokenUsage anthropic) {
            long read = anthropic.cacheReadInputTokens() == null ? 0 : anthropic.cacheReadInputTokens();
            long write = anthropic.cacheCreationInputTokens() == null ? 0 : anthropic.cacheCreationInputTokens();
            return new Usage(input, output, read, write, millis);
        }
        return new Usage(input, output, 0, 0, millis);
    }

    private ProviderModels.Built models(Provider provider, String model, Options options) {
        if (!provider.enabled()) {
            throw new Unavailable(provider.name() + " is disabled in providers.yaml");
        }
        String key = null;
        String fingerprint = "none";
        if (provider.type() != Provider.Type.OLLAMA) {
            Secret secret = secrets.get(provider.keySecret()).orElseThrow(() -> new Unavailable(provider.name()
                    + " has no key: the secret " + provider.keySecret() + " is not set (secrets/" + provider.keySecret()
                    + ", /run/secrets or " + SecretStore.envName(provider.keySecret()) + ")"));
            key = secret.reveal();
            fingerprint = secret.fingerprint();
        }
        ProviderModels.Variant variant = ProviderModels.Variant.of(options);
        String cacheKey = provider.name() + "/" + model + "/" + variant;
        ProviderModels.Built cached = models.get(cacheKey);
        if (cached != null && cached.fingerprint().equals(fingerprint)) {
            return cached;
        }
        ProviderModels.Built built = ProviderModels.build(provider, model, variant, key, fingerprint, timeout, clients);
        models.put(cacheKey, built);
        return built;
    }
}
