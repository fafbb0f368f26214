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

    /** One scripted answer: status, body, headers; {@code breakAfter} > 0 promises more bytes than it sends, then hangs up. */
    public record Reply(int status, String body, int breakAfter, String... headers) {
        public static Reply of(int status, String body, String... headers) {
            return new Reply(status, body, 0, headers);
        }

        /** A server-sent event stream (text/event-stream), each event sent and flushed on its own. */
        public static Reply events(String... events) {
            return new Reply(200, String.join("", java.util.Arrays.stream(events).map(e -> "data: " + e + "\n\n").toList()), 0,
                    "Content-Type", "text/event-stream");
        }
    }

    /** Answers {@code path} with {@code status}, a JSON {@code body} and extra headers. */
    public FakeProvider answer(String path, int status, String body, String... headers) {
        return script(path, Reply.of(status, body, headers));
    }

    /** Answers {@code path} with each reply in turn; the last one repeats. */
    public FakeProvider script(String path, Reply... replies) {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        return reply(path, body -> replies[Math.min(next.getAndIncrement(), replies.length - 1)]);
    }

    /** Answers {@code path} with what {@code answer} makes of the request body (e.g. a stream when it asks for one). */
    public FakeProvider reply(String path, java.util.function.Function<String, Reply> answer) {
        server.createContext(path, exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            respond(exchange, answer.apply(body));
        });
        return this;
    }

    /** Serves {@code bytes} as they are (an image, say) at {@code path}. */
    public FakeProvider serve(String path, byte[] bytes, String contentType) {
        server.createContext(path, exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), ""));
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        return this;
    }

    /** True when a request body asks for a stream (OpenAI, Anthropic and Ollama all say "stream": true). */
    public static boolean streaming(String body) {
        return body.replaceAll("\\s", "").contains("\"stream\":true");
    }

    private static void respond(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        String[] headers = reply.headers();
        boolean typed = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!typed) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        if (reply.breakAfter() > 0) {
            exchange.sendResponseHeaders(reply.status(), bytes.length + 10_000L);
            exchange.getResponseBody().write(bytes, 0, Math.min(bytes.length, reply.breakAfter()));
            exchange.getResponseBody().flush();
            try {
                exchange.close();
            } catch (RuntimeException e) {
                // the fixed length was not met: the connection is dropped, which is the point
            }
            return;
        }
        boolean stream = exchange.getResponseHeaders().getFirst("Content-Type").startsWith("text/event-stream")
                || exchange.getResponseHeaders().getFirst("Content-Type").startsWith("application/x-ndjson");
        exchange.sendResponseHeaders(reply.status(), stream ? 0 : bytes.length == 0 ? -1 : bytes.length);
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
