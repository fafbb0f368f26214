package dev.keel.router;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The HTTP client langchain4j calls a provider with, wrapped so Keel sees the answer's headers:
 * langchain4j turns a 429 or 503 into an exception that keeps the status and body but drops
 * {@code Retry-After}, so the wrapper notes it in {@link Cooldowns} before langchain4j reads the body.
 */
final class ProviderHttp extends HttpClient {

    private final String provider;
    private final HttpClient delegate;
    private final Cooldowns cooldowns;

    private ProviderHttp(String provider, HttpClient delegate, Cooldowns cooldowns) {
        this.provider = provider;
        this.delegate = delegate;
        this.cooldowns = cooldowns;
    }

    /**
     * A langchain4j client builder for {@code provider} whose answers feed {@code cooldowns}; the JDK client it
     * builds is the one in {@code shared} for that provider, made on first use (see {@link ProviderClients}).
     */
    static HttpClientBuilder builder(String provider, Cooldowns cooldowns, Map<String, HttpClient> shared) {
        return JdkHttpClient.builder().httpClientBuilder(new Builder(provider, HttpClient.newBuilder(), cooldowns, shared));
    }

    private <T> HttpResponse.BodyHandler<T> noting(HttpResponse.BodyHandler<T> handler) {
        return info -> {
            cooldowns.note(provider, info.statusCode(), info.headers().firstValue("retry-after").orElse(null),
                    info.headers().firstValue("retry-after-ms").orElse(null));
            return handler.apply(info);
        };
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        return delegate.send(request, noting(handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(request, noting(handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> push) {
        return delegate.sendAsync(request, noting(handler), push);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    /** Builds the JDK client as langchain4j configures it, then wraps it. */
    private record Builder(String provider, HttpClient.Builder real, Cooldowns cooldowns, Map<String, HttpClient> shared)
            implements HttpClient.Builder {

        @Override
        public HttpClient.Builder cookieHandler(CookieHandler handler) {
            real.cookieHandler(handler);
            return this;
        }

        @Override
        public HttpClient.Builder connectTimeout(Duration duration) {
            real.connectTimeout(duration);
            return this;
        }

        @Override
        public HttpClient.Builder sslContext(SSLContext context) {
            real.sslContext(context);
            return this;
        }

        @Override
        public HttpClient.Builder sslParameters(SSLParameters parameters) {
            real.sslParameters(parameters);
            return this;
        }

        @Override
        public HttpClient.Builder executor(Executor executor) {
            real.executor(executor);
            return this;
        }

        @Override
        public HttpClient.Builder followRedirects(Redirect policy) {
            real.followRedirects(policy);
            return this;
        }

        @Override
        public HttpClient.Builder version(Version version) {
            real.version(version);
            return this;
        }

        @Override
        public HttpClient.Builder priority(int priority) {
            real.priority(priority);
            return this;
        }

        @Override
        public HttpClient.Builder proxy(ProxySelector selector) {
            real.proxy(selector);
            return this;
        }

        @Override
        public HttpClient.Builder authenticator(Authenticator authenticator) {
            real.authenticator(authenticator);
            return this;
        }

        @Override
        public HttpClient build() {
            return shared.computeIfAbsent(provider, name -> new ProviderHttp(name, real.build(), cooldowns));
        }
    }
}
