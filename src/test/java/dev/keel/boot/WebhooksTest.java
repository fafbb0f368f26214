package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.secrets.SecretStore;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import dev.keel.web.WebhookReceiver;
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
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signed webhooks against Keel started as `keel run` starts it, with every rejection the issue names. */
class WebhooksTest {

    static final String SECRET = "whsec-FAKE-test-only-0001";
    static RunningKeel keel;
    static Path home;
    static int port;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        home = Files2.freshHome("webhooks");
        writeSecret(SECRET);
        keel = RunningKeel.start(home, "webhooks", Map.of("keel.webhooks.sources", "ci", "keel.webhooks.max-body-kb", "64"));
        port = keel.httpPort();
    }

    @AfterAll
    static void stop() {
        keel.close();
    }

    static void writeSecret(String value) throws Exception {
        Path dir = Files.createDirectories(home.resolve("secrets"));
        Path file = dir.resolve("webhook-ci");
        Path temp = dir.resolve(".webhook-ci.tmp");
        Files.writeString(temp, value);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static String sign(String secret, long timestamp, String target, String body) {
        return "sha256=" + HexFormat.of().formatHex(WebhookReceiver.sign(secret, String.valueOf(timestamp), target,
                body.getBytes(StandardCharsets.UTF_8)));
    }

    /** "data/a.json" from "/hooks/data?name=a.json": what the signature covers besides time and body. */
    static String target(String path) {
        String workflow = path.replaceFirst("^/hooks/", "").replaceFirst("\\?.*$", "");
        String name = path.contains("?name=") ? java.net.URLDecoder.decode(path.substring(path.indexOf("?name=") + 6),
                StandardCharsets.UTF_8) : "null";
        return workflow + "/" + name;
    }

    static HttpResponse<String> post(String path, String body, String source, Long timestamp, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (source != null) {
            request.header("X-Keel-Source", source);
        }
        if (timestamp != null) {
            request.header("X-Keel-Timestamp", String.valueOf(timestamp));
        }
        if (signature != null) {
            request.header("X-Keel-Signature-256", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> signed(String path, String body) throws Exception {
        long now = Instant.now().getEpochSecond();
        return post(path, body, "ci", now, sign(SECRET, now, target(path), body));
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String task(HttpResponse<String> accepted) {
        Matcher m = Pattern.compile("\"task\":\"([^\"]+)\"").matcher(accepted.body());
        assertThat(m.find()).as(accepted.body()).isTrue();
        return m.group(1);
    }

    /** The status URL of a 202 answer: the task's path with its token. */
    static String statusUrl(HttpResponse<String> accepted) {
        Matcher m = Pattern.compile("\"status_url\":\"([^\"]+)\"").matcher(accepted.body());
        assertThat(m.find()).as(accepted.body()).isTrue();
        return m.group(1);
    }

    @Test
    void aSignedBodyLandsInTheInboxAndItsTaskEndsDone() throws Exception {
        String body = "[{\"id\":\"acme\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"revenue\":1}]";

        HttpResponse<String> accepted = signed("/hooks/data?name=records.json", body);

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).contains("\"status\":\"queued\"", "\"status_url\":\"/api/tasks/");
        assertThat(accepted.headers().firstValue("X-Keel-Signature-256")).isEmpty();
        String task = task(accepted);
        String status = statusUrl(accepted);
        assertThat(Files2.await(() -> statusOf(status).contains("\"status\":\"done\""), Duration.ofSeconds(15))).isTrue();
        assertThat(Files2.listAll(home.resolve("archive/data"))).anyMatch(f -> f.endsWith(task + "--records.json"));
        Path archived = home.resolve("archive/data").resolve(Files2.listAll(home.resolve("archive/data")).stream()
                .filter(f -> f.endsWith(task + "--records.json")).findFirst().orElseThrow());
        assertThat(archived).hasContent(body);
    }

    @Test
    void aTaskThatFailsReportsItsReason() throws Exception {
        String task = statusUrl(signed("/hooks/data?name=broken.json", "[{\"id\": "));

        assertThat(Files2.await(() -> statusOf(task).contains("\"status\":\"failed\""), Duration.ofSeconds(15))).isTrue();
        assertThat(statusOf(task)).contains("malformed JSON");
        assertThat(get("/api/tasks/20260101-000000000000?token=000000000000000000000000").statusCode()).isEqualTo(404);
        assertThat(get("/api/tasks/../../etc").statusCode()).isEqualTo(404);
        assertThat(get("/api/tasks/20261399-000000000000?token=000000000000000000000000").statusCode()).isEqualTo(404);
    }

    @Test
    void aContentBatchOverHttpTakesTheInboxPath() throws Exception {
        String queued = statusUrl(signed("/hooks/content?name=brief.md", "---\ntitle: Over HTTP\nwhen: night\n---\nWrite about webhooks.\n"));
        String refused = statusUrl(signed("/hooks/content?name=bad.yaml", "id: bad\ntasks:\n  - {id: a, inline: x, priority: P7}\n"));

        assertThat(Files2.await(() -> statusOf(queued).contains("\"status\":\"done\""), Duration.ofSeconds(15))).isTrue();
        assertThat(Files2.await(() -> statusOf(refused).contains("\"status\":\"failed\""), Duration.ofSeconds(15))).isTrue();
        assertThat(statusOf(refused)).contains("does not follow the batch schema", "tasks[0].priority");
    }

    private static String statusOf(String statusUrl) {
        try {
            return get(statusUrl).body();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void aTasksStatusNeedsTheTokenOfItsStatusUrl() throws Exception {
        HttpResponse<String> accepted = signed("/hooks/data?name=t.json", "[{\"id\":\"t\",\"updated_at\":\"2026-01-01\"}]");
        HttpResponse<String> other = signed("/hooks/data?name=u.json", "[{\"id\":\"u\",\"updated_at\":\"2026-01-01\"}]");
        String task = task(accepted);
        String otherToken = statusUrl(other).replaceFirst(".*\\?token=", "");

        assertThat(get(statusUrl(accepted)).statusCode()).isEqualTo(200);
        assertThat(get("/api/tasks/" + task).statusCode()).isEqualTo(401);
        assertThat(get("/api/tasks/" + task).body()).contains("status_url");
        assertThat(get("/api/tasks/" + task + "?token=" + otherToken).statusCode()).isEqualTo(404);
        // a day far outside retention is refused without walking the archive day by day (4 s of CPU before)
        assertThat(get("/api/tasks/00010101-000000000000?token=" + otherToken).statusCode()).isEqualTo(404);
    }

    @Test
    void missingWrongExpiredAndReplayedSignaturesAre401() throws Exception {
        String body = "[]";
        long now = Instant.now().getEpochSecond();

        assertThat(post("/hooks/data?name=a.json", body, "ci", now, null).statusCode()).isEqualTo(401);
        assertThat(post("/hooks/data?name=a.json", body, null, now, sign(SECRET, now, "data/a.json", body)).statusCode()).isEqualTo(401);
        assertThat(post("/hooks/data?name=a.json", body, "intruder", now, sign(SECRET, now, "data/a.json", body)).statusCode()).isEqualTo(401);
        assertThat(post("/hooks/data?name=a.json", body, "ci", now, sign("whsec-FAKE-wrong-key", now, "data/a.json", body)).body())
                .contains("signature does not match");
        assertThat(post("/hooks/data?name=a.json", body, "ci", now, sign(SECRET, now, "data/a.json", "[1]")).statusCode()).isEqualTo(401);
        long old = now - 3600;
        assertThat(post("/hooks/data?name=a.json", body, "ci", old, sign(SECRET, old, "data/a.json", body)).body()).contains("outside the 300 s window");

        String once = sign(SECRET, now, "data/r.json", "[{\"id\":\"r\",\"updated_at\":\"2026-01-01\"}]");
        assertThat(post("/hooks/data?name=r.json", "[{\"id\":\"r\",\"updated_at\":\"2026-01-01\"}]", "ci", now, once).statusCode()).isEqualTo(202);
        HttpResponse<String> replay = post("/hooks/data?name=r.json", "[{\"id\":\"r\",\"updated_at\":\"2026-01-01\"}]", "ci", now, once);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("replayed").doesNotContain(SECRET);
    }

    @Test
    void oversizeUnknownWorkflowAndEscapingNamesAreRefused() throws Exception {
        assertThat(signed("/hooks/data?name=big.json", "x".repeat(70 * 1024)).statusCode()).isEqualTo(413);
        assertThat(signed("/hooks/payroll?name=a.json", "[]").statusCode()).isEqualTo(404);
        assertThat(signed("/hooks/data?name=..%2F..%2Fetc%2Fpasswd", "[]").statusCode()).isEqualTo(400);
        assertThat(signed("/hooks/data?name=.hidden.json", "[]").statusCode()).isEqualTo(400);
        assertThat(signed("/hooks/data?name=notes.txt", "[]").body()).contains("takes names matching");
        assertThat(signed("/hooks/data", "[]").statusCode()).isEqualTo(400);
        long now = Instant.now().getEpochSecond();
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/data?name=f.json"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Keel-Source", "ci")
                .header("X-Keel-Timestamp", String.valueOf(now)).header("X-Keel-Signature-256", sign(SECRET, now, "data/f.json", "a=1"))
                .POST(HttpRequest.BodyPublishers.ofString("a=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(Files2.listAll(home.resolve("inbox/data"))).noneMatch(f -> f.contains("passwd") || f.contains("big.json"));
    }

    @Test
    void aRotatedSecretIsUsedWithoutRestartAndTheOldOneOverlaps() throws Exception {
        SecretStore secrets = keel.camel().getRegistry().lookupByNameAndType("secretStore", SecretStore.class);
        String rotated = "whsec-FAKE-test-only-0002";
        try {
            writeSecret(rotated);
            secrets.refresh();
            long now = Instant.now().getEpochSecond();
            String a = "[{\"id\":\"x1\",\"updated_at\":\"2026-01-01\"}]";
            String b = "[{\"id\":\"x2\",\"updated_at\":\"2026-01-01\"}]";

            assertThat(post("/hooks/data?name=new.json", a, "ci", now, sign(rotated, now, "data/new.json", a)).statusCode()).isEqualTo(202);
            assertThat(post("/hooks/data?name=old.json", b, "ci", now, sign(SECRET, now, "data/old.json", b)).statusCode()).isEqualTo(202);
            assertThat(secrets.known().get("webhook-ci")).extracting(s -> s.fingerprint())
                    .containsExactly(dev.keel.secrets.Secret.fingerprint(rotated), dev.keel.secrets.Secret.fingerprint(SECRET));
        } finally {
            writeSecret(SECRET);
            secrets.refresh();
        }
    }
}
