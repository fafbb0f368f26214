package dev.keel.router;

/**
 * Tokens a call used, as the provider reported them: fresh input, output, input served from the
 * provider's cache, input written to it; and the call's duration (what a local call costs).
 * {@code inputTokens} excludes cached ones, as Anthropic reports; for OpenAI-style usage, where
 * prompt_tokens includes cached_tokens, use {@link #fromOpenAi}.
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteTokens, long durationMillis) {

    /** OpenAI-style usage: prompt_tokens includes prompt_tokens_details.cached_tokens. */
    public static Usage fromOpenAi(long promptTokens, long completionTokens, long cachedTokens, long durationMillis) {
        return new Usage(Math.max(0, promptTokens - cachedTokens), completionTokens, cachedTokens, 0, durationMillis);
    }

    /** Ollama: prompt_eval_count and eval_count. */
    public static Usage fromOllama(long promptEvalCount, long evalCount, long durationMillis) {
        return new Usage(promptEvalCount, evalCount, 0, 0, durationMillis);
    }

    public long totalInputTokens() {
        return inputTokens + cachedInputTokens + cacheWriteTokens;
    }
}
