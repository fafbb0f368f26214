package dev.keel.router;

import dev.keel.secrets.Secret;
import dev.keel.secrets.SecretStore;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls a provider through langchain4j (Ollama's native /api/chat, OpenAI-compatible
 * /chat/completions, Anthropic /v1/messages) and returns the reply with the usage the provider
 * reported, cached tokens included. No retries here: fallback and backoff are the route's job.
 */
public final class ProviderCalls {

    /** A provider's answer and what it used. */
    public record Reply(String text, Usage usage, String finishReason) {
    }

    /** The provider cannot be called at all (disabled, no key): the router should pass it over. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    private final SecretStore secrets;
    private final Duration timeout;
    private final Map<String, ModelKey> models = new ConcurrentHashMap<>();

    /** A built model and the key fingerprint it was built with, so a rotated key builds a new one. */
    private record ModelKey(ChatModel model, String fingerprint) {
    }

    public ProviderCalls(SecretStore secrets, Duration timeout) {
        this.secrets = secrets;
        this.timeout = timeout;
    }

    public Reply call(Provider provider, String model, List<ChatMessage> messages) {
        ChatModel chat = model(provider, model);
        long start = System.nanoTime();
        ChatResponse response = chat.chat(ChatRequest.builder().messages(messages).build());
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Reply(response.aiMessage().text(), usage(response.tokenUsage(), millis),
                response.finishReason() == null ? "unknown" : response.finishReason().name().toLowerCase(java.util.Locale.ROOT));
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

    private ChatModel model(Provider provider, String model) {
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
            return cached.model();
        }
        ChatModel built = build(provider, model, key);
        models.put(cacheKey, new ModelKey(built, fingerprint));
        return built;
    }

    private ChatModel build(Provider provider, String model, String key) {
        String base = provider.baseUrl().toString().replaceAll("/+$", "");
        return switch (provider.type()) {
            case OLLAMA -> OllamaChatModel.builder().baseUrl(base).modelName(model).timeout(timeout).maxRetries(0).build();
            case OPENAI_COMPATIBLE -> OpenAiChatModel.builder().baseUrl(base).apiKey(key).modelName(model).timeout(timeout)
                    .maxRetries(0).build();
            case ANTHROPIC -> AnthropicChatModel.builder().baseUrl(base + "/v1/").apiKey(key).modelName(model).timeout(timeout)
                    .maxRetries(0).build();
        };
    }
}
