package dev.keel.router;

/** USD per million tokens: input, output, cached input (cache reads) and cache writes (Anthropic). */
public record Price(double input, double output, double cachedInput, double cacheWrite) {

    public static final Price FREE = new Price(0, 0, 0, 0);
}
