package dev.keel.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The agents' gateway in {@code keel selftest}: a provider speaking the OpenAI-compatible wire format
 * on loopback inside the selftest's JVM, a provider entry and an agent key in the selftest's temporary
 * home, and calls through Keel's own HTTP server (authenticated, routed, limited, costed, written to the
 * temporary ledger). The build's training runs (the CDS archive, and the JDK 25 AOT cache with method
 * profiles) ask for many calls, so the gateway's hot path is archived and profiled before the first agent.
 */
final class SelftestGateway implements AutoCloseable {

    static final String ANSWER = "selftest answer";
    private static final String AGENT = "selftest";

    private final HttpServer provider;
    private final int port;
    private final String key;

    private SelftestGateway(HttpServer provider, int port, String key) {
        this.provider = provider;
        this.port = port;
        this.key = key;
    }

    /** Starts the provider and writes its entry and the agent's key into {@code home}; sets the gateway's settings in {@code system}. */
    static SelftestGateway prepare(Path home, Properties system) throws IOException {
        byte[] answer = ("{\"id\":\"chatcmpl-selftest\",\"object\":\"chat.completion\",\"created\":1795000000,\"model\":\"m1\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}").getBytes(StandardCharsets.UTF_8);
        HttpServer provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        byte[] article = new String(answer, StandardCharsets.UTF_8).replace(ANSWER, SelftestContent.ARTICLE).getBytes(StandardCharsets.UTF_8);
        provider.createContext("/v1/chat/completions", exchange -> {
            byte[] body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).contains(SelftestContent.MARKER) ? article : answer;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: selftest, type: openai-compatible, tier: reasoning, base-url: 'http://127.0.0.1:%d/v1', key-secret: selftest-upstream-key,
                     models: [m1], context-window: 128000, price: {input: 0.6, output: 2.5}}
                routing:
                  target-mix: {local: 0, reasoning: 100, critical: 0}
                  fallback: [selftest]
                """.formatted(provider.getAddress().getPort()));
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String key = "sk-keel-selftest-" + HexFormat.of().formatHex(random);
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        secret(secrets.resolve("agent-key-" + AGENT), key);
        secret(secrets.resolve("selftest-upstream-key"), "sk-selftest-upstream-0000000000");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        system.setProperty("keel.http.port", String.valueOf(port));
        system.setProperty("keel.gateway.agents", AGENT);
        return new SelftestGateway(provider, port, key);
    }

    /** Sends {@code calls} chat calls through Keel; true when every one answered 200 with the provider's answer. */
    boolean calls(int calls) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"selftest/m1\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Is the selftest green? Answer in one line.\"}]}"))
                .build();
        for (int i = 0; i < calls; i++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().contains(ANSWER)) {
                System.out.println("  gateway answered " + response.statusCode() + ": "
                        + response.body().substring(0, Math.min(200, response.body().length())));
                return false;
            }
        }
        return true;
    }

    private static void secret(Path file, String value) throws IOException {
        KeyFiles.write(file.getParent(), file, value); // mode 600 before the value is in it
    }

    @Override
    public void close() {
        provider.stop(0);
    }
}
