package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.gateway.AgentKeys;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.Hostile;
import dev.keel.support.RunningKeel;
import dev.keel.support.Wire;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keel's application server under the abuse of issue #16: a provider that never answers, unsigned and oversize
 * bodies, idle keep-alive connections and hostile JSON, each asked over real HTTP (some over a raw socket, to
 * send what a polite client would not).
 */
class HostileHttpTest {

    static final String SECRET = "whsec-FAKE-hostile-0001";
    static final int MAX_CALLS = 40;
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static FakeProvider hung;
    static RunningKeel keel;
    static String agentKey;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        Path home = Files2.freshHome("hostile-http");
        // the fake serves one request at a time and holds the first until released: every call to it hangs
        hung = FakeProvider.start().reply("/api/chat", body -> {
            try {
                RELEASE.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeProvider.Reply.of(200, Wire.ollama("late", 1, 1));
        });
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: hung, type: ollama, tier: local, base-url: '%s', models: [h1], context-window: 32768, max-concurrency: 200}
                routing:
                  target-mix: {local: 100, reasoning: 0, critical: 0}
                  mix-tolerance: 100
                  fallback: [hung]
                """.formatted(hung.url()));
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        agentKey = AgentKeys.newKey();
        for (Map.Entry<String, String> secret : Map.of("webhook-ci", SECRET, AgentKeys.secretName("ci"), agentKey).entrySet()) {
            Path f = Files.writeString(secrets.resolve(secret.getKey()), secret.getValue());
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        keel = RunningKeel.start(home, "hostile-http", Map.of("keel.gateway.agents", "ci", "keel.webhooks.sources", "ci",
                "keel.webhooks.max-body-kb", "64", "keel.gateway.max-calls", String.valueOf(MAX_CALLS),
                "keel.router.timeout", "90s", "keel.router.queue-wait", "90s", "keel.http.idle-timeout", "1s"));
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        keel.close();
        hung.close();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + keel.httpPort() + path;
    }

    static HttpRequest.Builder chat(String body) {
        return HttpRequest.newBuilder(URI.create(url("/v1/chat/completions"))).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + agentKey).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> signedWebhook(String name, String body) throws Exception {
        long now = Instant.now().getEpochSecond();
        return send(HttpRequest.newBuilder(URI.create(url("/hooks/data?name=" + name))).header("X-Keel-Source", "ci")
                .header("X-Keel-Timestamp", String.valueOf(now))
                .header("X-Keel-Signature-256", WebhooksTest.sign(SECRET, now, "data/" + name, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static JsonNode error(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(response.body()).path("error");
    }

    @Test
    void fiftyCallsToAProviderThatNeverAnswersLeaveModelsWebhooksAndTaskStatusAnswering() throws Exception {
        String pinned = "{\"model\":\"hung/h1\",\"messages\":[{\"role\":\"user\",\"content\":\"hello?\"}]}";
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(HTTP.sendAsync(chat(pinned).build(), HttpResponse.BodyHandlers.ofString()));
        }
        // the ten past keel.gateway.max-calls are answered at once; the forty admitted wait on the provider
        Files2.await(() -> calls.stream().filter(CompletableFuture::isDone).count() >= 50 - MAX_CALLS, Duration.ofSeconds(20));

        long t0 = System.nanoTime();
        HttpResponse<String> models = send(HttpRequest.newBuilder(URI.create(url("/v1/models"))).header("Authorization", "Bearer " + agentKey));
        long t1 = System.nanoTime();
        HttpResponse<String> webhook = signedWebhook("while-hung.json", "[{\"id\":\"w\",\"updated_at\":\"2026-01-01\"}]");
        long t2 = System.nanoTime();
        String statusUrl = JSON.readTree(webhook.body()).path("status_url").asText();
        HttpResponse<String> status = send(HttpRequest.newBuilder(URI.create(url(statusUrl))));
        long t3 = System.nanoTime();
        System.out.printf("bench note: with %d calls hung, /v1/models %d ms, webhook %d ms, task status %d ms%n",
                calls.stream().filter(c -> !c.isDone()).count(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);

        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("hung/h1");
        assertThat(webhook.statusCode()).isEqualTo(202);
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        List<HttpResponse<String>> refused = calls.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
        assertThat(refused).hasSize(50 - MAX_CALLS).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(error(r).path("code").asText()).isEqualTo("gateway_busy");
            assertThat(error(r).path("message").asText()).contains("keel.gateway.max-calls");
        });
        RELEASE.countDown();
        assertThat(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).orTimeout(120, TimeUnit.SECONDS)
                .handle((ok, failed) -> failed)).succeedsWithin(Duration.ofSeconds(125)).isNull();
    }

    @Test
    void anUnsignedWebhookIsRefusedBeforeItsBodyArrives() throws Exception {
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            // 60 kB announced (under the 64 kB limit), one sent: an answer now means Keel did not wait for (or buffer) the body
            out.write(("POST /hooks/data?name=big.json HTTP/1.1\r\nHost: keel\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 60000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1024]);
            out.flush();
            Answer answer = read(socket.getInputStream());

            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.body()).startsWith("{\"error\":").contains("missing X-Keel-Source");
        }
    }

    @Test
    void aWebhookBodyOverItsLimitIs413InKeelsJsonErrorFormat() throws Exception {
        HttpResponse<String> big = signedWebhook("big.json", "x".repeat(200 * 1024));

        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(error(big).path("message").asText()).contains("over the limit of 65536");
    }

    @Test
    void aGatewayBodyOverTheServersLimitIs413InOpenAisErrorFormat() throws Exception {
        // no Content-Length (chunked): Vert.x's body handler finds the size while reading
        byte[] huge = new byte[5 * 1024 * 1024];
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .header("Authorization", "Bearer " + agentKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))));
        HttpResponse<String> sized = send(chat("{\"pad\":\"" + "x".repeat(4200 * 1024) + "\"}"));

        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(error(chunked).path("code").asText()).isEqualTo("request_too_large");
        assertThat(error(chunked).path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(sized.statusCode()).isEqualTo(413);
        assertThat(error(sized).path("message").asText()).contains("over the gateway's limit of 4194304");
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedByKeel() throws Exception {
        try (Socket socket = socket()) {
            socket.getOutputStream().write(("GET /v1/models HTTP/1.1\r\nHost: keel\r\nAuthorization: Bearer " + agentKey
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Answer answer = read(socket.getInputStream());
            assertThat(answer.status()).isEqualTo(200);

            int next;
            try {
                next = socket.getInputStream().read();
            } catch (SocketTimeoutException e) {
                next = -2; // still open when the client gave up
            }
            assertThat(next).as("the server closed the idle connection (-1), it did not leave it open (-2)").isEqualTo(-1);
        }
    }

    @Test
    void aConnectionInUseStaysOpenPastTheIdleTimeoutAndClosesOnceIdle() throws Exception {
        try (Socket socket = socket()) {
            long opened = System.nanoTime();
            for (int i = 0; i < 4; i++) { // a request every 0.6 s: never idle for the 1 s timeout, open for ~2 s
                socket.getOutputStream().write(("GET /v1/models HTTP/1.1\r\nHost: keel\r\nAuthorization: Bearer " + agentKey
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(read(socket.getInputStream()).status()).as("request %d on the same connection", i + 1).isEqualTo(200);
                Thread.sleep(600);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - opened)).isGreaterThan(Duration.ofSeconds(2));
            int next;
            try {
                next = socket.getInputStream().read();
            } catch (SocketTimeoutException e) {
                next = -2;
            }
            assertThat(next).as("closed once idle for the timeout (-1), not left open (-2)").isEqualTo(-1);
        }
    }

    @Test
    void deepLongAndRepeatedJsonAre400WithTheReasonNotAnEmpty500() throws Exception {
        HttpResponse<String> deep = send(chat(Hostile.text("gateway-deep.json")));
        HttpResponse<String> number = send(chat(Hostile.text("gateway-long-number.json")));
        HttpResponse<String> repeated = send(chat(Hostile.text("gateway-duplicate-key.json")));

        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(error(deep).path("message").asText()).contains("nested deeper than 100 levels");
        assertThat(number.statusCode()).isEqualTo(400);
        assertThat(error(number).path("message").asText()).contains("a number longer than 100 digits");
        assertThat(repeated.statusCode()).isEqualTo(400);
        assertThat(error(repeated).path("message").asText()).contains("Duplicate field 'model'", "line 2");
    }

    private static Socket socket() throws Exception {
        Socket socket = new Socket("127.0.0.1", keel.httpPort());
        socket.setSoTimeout(15_000);
        return socket;
    }

    /** An HTTP/1.1 answer read off a socket: status, and the body its Content-Length announces. */
    record Answer(int status, String body) {
    }

    private static Answer read(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int status = Integer.parseInt(headers.split(" ", 3)[1]);
        String lower = headers.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("transfer-encoding: chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (!body.toString(StandardCharsets.UTF_8).endsWith("\r\n0\r\n\r\n") && !body.toString(StandardCharsets.UTF_8)
                    .equals("0\r\n\r\n")) {
                body.write(in.read());
            }
            return new Answer(status, body.toString(StandardCharsets.UTF_8));
        }
        int length = lower.lines().filter(l -> l.startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
        return new Answer(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }
}
