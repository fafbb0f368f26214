package dev.keel.router;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * langchain4j's HTTP client for a provider's plain (not streamed) calls on Apache HttpClient 5's classic,
 * blocking client (already on the classpath for camel-http): the request is written and its answer read on
 * the calling thread, where the JDK HttpClient hands each exchange to its selector thread and back to an
 * executor (two thread hand-offs per call, and those threads' CPU: a fifth of a gateway call's in the #20
 * profile). Streamed calls, and the multipart uploads Keel does not make, stay on the JDK client
 * ({@code streaming}), whose event delivery the stream code is built on. Like {@link ProviderHttp} it
 * notes Retry-After in {@link Cooldowns} before the body is read; a non-2xx answer is langchain4j's
 * {@link HttpException} with the status and body, a read timeout its TimeoutException, as from the JDK client.
 */
final class PlainHttp implements HttpClient {

    private static final Set<String> SET_BY_CLIENT = Set.of("content-length", "host", "transfer-encoding", "connection");
    private static final int MAX_CONNECTIONS = 256;

    private final String provider;
    private final CloseableHttpClient apache;
    private final HttpClient streaming;
    private final Cooldowns cooldowns;

    private PlainHttp(String provider, CloseableHttpClient apache, HttpClient streaming, Cooldowns cooldowns) {
        this.provider = provider;
        this.apache = apache;
        this.streaming = streaming;
        this.cooldowns = cooldowns;
    }

    /** A builder whose clients share {@code provider}'s Apache client (made once, with the first timeouts asked for). */
    static HttpClientBuilder builder(String provider, Cooldowns cooldowns, HttpClientBuilder streaming, Map<String, CloseableHttpClient> shared) {
        return new Builder(provider, cooldowns, streaming, shared);
    }

    private static CloseableHttpClient apache(Duration connect, Duration read) {
        Timeout connectTimeout = Timeout.of(connect == null ? Duration.ofSeconds(10) : connect);
        Timeout readTimeout = read == null ? Timeout.DISABLED : Timeout.of(read);
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(MAX_CONNECTIONS).setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connectTimeout)
                                .setSocketTimeout(readTimeout).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(readTimeout).build())
                // Keel's chain decides on another attempt (Retry-After, backoff, the next provider): no retry, redirect or cookie here
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement().disableAuthCaching()
                .build();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            return streaming.execute(request);
        }
        ClassicRequestBuilder r = ClassicRequestBuilder.create(request.method().name()).setUri(request.url());
        request.headers().forEach((name, values) -> {
            if (values != null && !SET_BY_CLIENT.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> r.addHeader(name, v));
            }
        });
        if (request.body() != null) {
            r.setEntity(new StringEntity(request.body(), StandardCharsets.UTF_8));
        }
        try {
            return apache.execute(r.build(), this::answer);
        } catch (SocketTimeoutException e) {
            throw new dev.langchain4j.exception.TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SuccessfulHttpResponse answer(ClassicHttpResponse response) throws IOException {
        int status = response.getCode();
        Header retryAfter = response.getFirstHeader("retry-after");
        Header retryAfterMs = response.getFirstHeader("retry-after-ms");
        cooldowns.note(provider, status, retryAfter == null ? null : retryAfter.getValue(), retryAfterMs == null ? null : retryAfterMs.getValue());
        // the bytes decoded at once (JSON is UTF-8): toString's reader would allocate a decoder and char buffers per answer
        String body = response.getEntity() == null ? "" : new String(EntityUtils.toByteArray(response.getEntity()), StandardCharsets.UTF_8);
        if (status < 200 || status >= 300) {
            throw new HttpException(status, body);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : response.getHeaders()) {
            headers.computeIfAbsent(h.getName().toLowerCase(java.util.Locale.ROOT), n -> new ArrayList<>(1)).add(h.getValue());
        }
        return SuccessfulHttpResponse.builder().statusCode(status).headers(headers).body(body).build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        streaming.execute(request, parser, listener);
    }

    private static final class Builder implements HttpClientBuilder {
        private final String provider;
        private final Cooldowns cooldowns;
        private final HttpClientBuilder streaming;
        private final Map<String, CloseableHttpClient> shared;
        private Duration connectTimeout;
        private Duration readTimeout;

        Builder(String provider, Cooldowns cooldowns, HttpClientBuilder streaming, Map<String, CloseableHttpClient> shared) {
            this.provider = provider;
            this.cooldowns = cooldowns;
            this.streaming = streaming;
            this.shared = shared;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            connectTimeout = timeout;
            streaming.connectTimeout(timeout);
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            readTimeout = timeout;
            streaming.readTimeout(timeout);
            return this;
        }

        @Override
        public HttpClient build() {
            return new PlainHttp(provider, shared.computeIfAbsent(provider, p -> apache(connectTimeout, readTimeout)), streaming.build(),
                    cooldowns);
        }
    }
}
