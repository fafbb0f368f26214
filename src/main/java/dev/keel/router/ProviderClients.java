package dev.keel.router;

import dev.langchain4j.http.client.HttpClientBuilder;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JDK HttpClient per provider, shared by all its models and by plain and streamed calls. Each JDK client
 * keeps a selector thread and a connection pool of its own, so a client per model (two per model: plain and
 * streaming) left a thread per model behind and reused no connection.
 */
final class ProviderClients {

    private final Cooldowns cooldowns;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<String, org.apache.hc.client5.http.impl.classic.CloseableHttpClient> plain = new ConcurrentHashMap<>();

    ProviderClients(Cooldowns cooldowns) {
        this.cooldowns = cooldowns;
    }

    /** The langchain4j client builder of {@code provider}'s models; every one builds onto the same JDK client. */
    HttpClientBuilder builder(String provider) {
        // plain calls on Apache's blocking client (PlainHttp), streamed calls on the JDK client (ProviderHttp)
        return PlainHttp.builder(provider, cooldowns, ProviderHttp.builder(provider, cooldowns, clients), plain);
    }
}
