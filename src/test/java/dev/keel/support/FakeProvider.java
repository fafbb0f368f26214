package dev.keel.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process HTTP server that answers like a model provider: a fixed status, body and headers per
 * path, in the provider's own wire format (taken from its published API reference). It keeps every
 * request it got, headers and body, so tests can check what Keel sent.
 */
public final class FakeProvider implements AutoCloseable {

    /** A request as the fake received it. */
    public record Received(String method, String path, Map<String, List<String>> headers, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private FakeProvider(HttpServer server) {
        this.server = server;
    }

    public static FakeProvider start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.start();
            return new FakeProvider(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers {@code path} with {@code status}, a JSON {@code body} and extra headers. */
    public FakeProvider answer(String path, int status, String body, String... headers) {
        server.createContext(path, exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            respond(exchange, status, body, headers);
        });
        return this;
    }

    private static void respond(HttpExchange exchange, int status, String body, String... headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
