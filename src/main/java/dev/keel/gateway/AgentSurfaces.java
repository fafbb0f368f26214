package dev.keel.gateway;

import dev.keel.router.RouterConfig;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The two agent surfaces, OpenAI's chat completions and Anthropic's messages, built over one shared
 * stream pool, image fetcher and call logic (the route steps around a plain call).
 */
public record AgentSurfaces(ChatCompletions chatCompletions, MessagesApi messages, GatewayCall calls) {

    /** Both surfaces over {@code streamPool}; {@code timeout} is how long a stream may take to start (keel.router.timeout). */
    public static AgentSurfaces create(AgentKeys keys, Supplier<RouterConfig> config, ExecutorService streamPool, GatewaySettings settings,
                                       Duration timeout, Clock clock) {
        ImageFetcher images = new ImageFetcher(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build(), settings.maxImageBytes(), Duration.ofSeconds(30),
                settings.imageFetchPrivate());
        GatewayCall calls = new GatewayCall(config, images);
        StreamRunner streams = new StreamRunner(streamPool, settings.maxStreams(), timeout);
        return new AgentSurfaces(new ChatCompletions(keys, config, calls, streams, settings.maxBodyBytes(), clock),
                new MessagesApi(keys, config, calls, streams, settings.maxBodyBytes(), clock), calls);
    }
}
