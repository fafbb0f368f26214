package dev.keel.router;

import dev.keel.secrets.Secret;
import dev.keel.secrets.SecretStore;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Calls a provider through langchain4j (Ollama's native /api/chat, OpenAI-compatible
 * /chat/completions, Anthropic /v1/messages) and returns the reply with the usage the provider
 * reported, cached tokens included, plain or streamed. No retries here: fallback and backoff are the
 * route's job. Every client notes Retry-After in {@link Cooldowns}.
 */
public final class ProviderCalls {

    /**
     * A provider's answer and what it used. {@code usageEstimated} is true when a stream ended without
     * the provider reporting usage, so the tokens are Keel's estimate rather than zero.
     */
    public record Reply(String text, Usage usage, String finishReason, boolean usageEstimated) {
    }

    /** What the caller asked of the generation; null fields take the provider's defaults. */
    public record Options(Double temperature, Integer maxTokens) {
        public static final Options NONE = new Options(null, null);
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
    private final Map<String, ModelKey> models = new ConcurrentHashMap<>();
    private final ProviderClients clients;

    /** Built models and the key fingerprint they were built with, so a rotated key builds new ones. */
    private record ModelKey(ChatModel plain, StreamingChatModel streaming, String fingerprint) {
    }

    public ProviderCalls(SecretStore secrets, Duration timeout, Cooldowns cooldowns) {
        this.secrets = secrets;
        this.timeout = timeout;
        this.cooldowns = cooldowns;
        this.clients = new ProviderClients(cooldowns);
    }

    public Reply call(Provider provider, String model, List<ChatMessage> messages, Options options) {
        ChatModel chat = models(provider, model).plain();
        long start = System.nanoTime();
        ChatResponse response = chat.chat(request(messages, options));
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Reply(response.aiMessage().text(), usage(response.tokenUsage(), millis), finish(response), false);
    }

    /**
     * Streams the answer to {@code tokens} as it comes and returns it whole at the end. A failure
     * before the first token throws as a plain call would (so the next provider may take over); a
     * failure after it throws {@link StreamBroken} with what was received and its estimated usage.
     */
    public Reply stream(Provider provider, String model, List<ChatMessage> messages, Options options, Consumer<String> tokens) {
        StreamingChatModel chat = models(provider, model).streaming();
        long start = System.nanoTime();
        StringBuilder text = new StringBuilder();
        AtomicInteger parts = new AtomicInteger();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        chat.chat(request(messages, options), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                if (partial == null || partial.isEmpty() || done.isDone()) {
                    return;
                }
                synchronized (text) {
                    text.append(partial);
                }
                parts.incrementAndGet();
                tokens.accept(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        try {
            ChatResponse response = done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            String whole = response.aiMessage() != null && response.aiMessage().text() != null ? response.aiMessage().text() : text.toString();
            if (response.tokenUsage() == null || response.tokenUsage().outputTokenCount() == null) {
                return new Reply(whole, estimate(messages, whole, millis), finish(response), true);
            }
            return new Reply(whole, usage(response.tokenUsage(), millis), finish(response), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while streaming from " + provider.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : new IllegalStateException(
                    provider.name() + " did not finish its stream within " + timeout.toSeconds() + " s");
            done.cancel(true);
            if (parts.get() == 0) {
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            String received;
            synchronized (text) {
                received = text.toString();
            }
            throw new StreamBroken(provider.name() + "'s stream broke after " + parts.get() + " parts: " + cause.getMessage(), cause,
                    new Reply(received, estimate(messages, received, millis), "error", true));
        }
    }

    private static ChatRequest request(List<ChatMessage> messages, Options options) {
        ChatRequest.Builder request = ChatRequest.builder().messages(messages);
        if (options.temperature() != null) {
            request.temperature(options.temperature());
        }
        if (options.maxTokens() != null) {
            request.maxOutputTokens(options.maxTokens());
        }
        return request.build();
    }

    private static String finish(ChatResponse response) {
        return response.finishReason() == null ? "stop" : response.finishReason().name().toLowerCase(Locale.ROOT);
    }

    /** Usage when a provider reported none: Keel's token estimate of what was sent and received. */
    static Usage estimate(List<ChatMessage> messages, String output, long millis) {
        long input = messages.stream().mapToLong(m -> Tokens.estimate(ModelGateway.Request.text(m))).sum();
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

    private ModelKey models(Provider provider, String model) {
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
        String cacheKey = provider.name() + "/" + model;
        ModelKey cached = models.get(cacheKey);
        if (cached != null && cached.fingerprint().equals(fingerprint)) {
            return cached;
        }
        ModelKey built = build(provider, model, key, fingerprint);
        models.put(cacheKey, built);
        return built;
    }

    private ModelKey build(Provider provider, String model, String key, String fingerprint) {
        String base = provider.baseUrl().toString().replaceAll("/+$", "");
        var http = clients.builder(provider.name());
        return switch (provider.type()) {
            case OLLAMA -> new ModelKey(
                    OllamaChatModel.builder().httpClientBuilder(http).baseUrl(base).modelName(model).timeout(timeout).maxRetries(0).build(),
                    OllamaStreamingChatModel.builder().httpClientBuilder(http).baseUrl(base).modelName(model).timeout(timeout).build(),
                    fingerprint);
            case OPENAI_COMPATIBLE -> new ModelKey(
                    OpenAiChatModel.builder().httpClientBuilder(http).baseUrl(base).apiKey(key).modelName(model).timeout(timeout)
                            .maxRetries(0).build(),
                    OpenAiStreamingChatModel.builder().httpClientBuilder(http).baseUrl(base).apiKey(key).modelName(model)
                            .timeout(timeout).build(),
                    fingerprint);
            case ANTHROPIC -> new ModelKey(
                    AnthropicChatModel.builder().httpClientBuilder(http).baseUrl(base + "/v1/").apiKey(key).modelName(model)
                            .timeout(timeout).maxRetries(0).build(),
                    AnthropicStreamingChatModel.builder().httpClientBuilder(http).baseUrl(base + "/v1/").apiKey(key).modelName(model)
                            .timeout(timeout).build(),
                    fingerprint);
        };
    }
}
