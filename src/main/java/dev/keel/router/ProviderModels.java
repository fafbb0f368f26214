package dev.keel.router;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;

/**
 * Builds the langchain4j chat models for one provider and model. Some options langchain4j only takes
 * when a model is built, not per request ({@link Variant}): Anthropic's thinking budget and
 * disable_parallel_tool_use, OpenAI's strict JSON schema; each variant is a model of its own.
 */
final class ProviderModels {

    /** The build-time options of a call; {@code thinkingBudget} null asks for no extended thinking. */
    record Variant(Integer thinkingBudget, boolean serialTools, boolean strict) {
        static final Variant PLAIN = new Variant(null, false, false);

        static Variant of(ProviderCalls.Options options) {
            return new Variant(options.thinkingBudget(), Boolean.FALSE.equals(options.parallelToolCalls()),
                    options.answerFormat() != null && options.answerFormat().strict());
        }
    }

    /** Built models and the key fingerprint they were built with, so a rotated key builds new ones. */
    record Built(ChatModel plain, StreamingChatModel streaming, String fingerprint) {
    }

    private ProviderModels() {
    }

    static Built build(Provider provider, String model, Variant variant, String key, String fingerprint, Duration timeout,
                       ProviderClients clients) {
        String base = provider.baseUrl().toString().replaceAll("/+$", "");
        var http = clients.builder(provider.name());
        return switch (provider.type()) {
            case OLLAMA -> new Built(
                    OllamaChatModel.builder().httpClientBuilder(http).baseUrl(base).modelName(model).timeout(timeout).maxRetries(0).build(),
                    OllamaStreamingChatModel.builder().httpClientBuilder(http).baseUrl(base).modelName(model).timeout(timeout).build(),
                    fingerprint);
            // reasoning_content (Kimi, DeepSeek) is read from answers and sent back with the assistant turns it came with,
            // as Moonshot asks for in tool loops with thinking models
            case OPENAI_COMPATIBLE -> new Built(
                    OpenAiChatModel.builder().httpClientBuilder(http).baseUrl(base).apiKey(key).modelName(model).timeout(timeout)
                            .returnThinking(true).sendThinking(true).strictJsonSchema(variant.strict()).maxRetries(0).build(),
                    OpenAiStreamingChatModel.builder().httpClientBuilder(http).baseUrl(base).apiKey(key).modelName(model)
                            .returnThinking(true).sendThinking(true).strictJsonSchema(variant.strict()).timeout(timeout).build(),
                    fingerprint);
            case ANTHROPIC -> anthropic(base, http, key, model, variant, timeout, fingerprint);
        };
    }

    private static Built anthropic(String base, dev.langchain4j.http.client.HttpClientBuilder http, String key, String model,
                                   Variant variant, Duration timeout, String fingerprint) {
        var plain = AnthropicChatModel.builder().httpClientBuilder(http).baseUrl(base + "/v1/").apiKey(key).modelName(model)
                .timeout(timeout).maxRetries(0);
        var streaming = AnthropicStreamingChatModel.builder().httpClientBuilder(http).baseUrl(base + "/v1/").apiKey(key)
                .modelName(model).timeout(timeout);
        if (variant.serialTools()) {
            plain.disableParallelToolUse(true);
            streaming.disableParallelToolUse(true);
        }
        if (variant.thinkingBudget() != null) {
            plain.thinkingType("enabled").thinkingBudgetTokens(variant.thinkingBudget()).returnThinking(true).sendThinking(true);
            streaming.thinkingType("enabled").thinkingBudgetTokens(variant.thinkingBudget()).returnThinking(true).sendThinking(true);
        }
        return new Built(plain.build(), streaming.build(), fingerprint);
    }
}
