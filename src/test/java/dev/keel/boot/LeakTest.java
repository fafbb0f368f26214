package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.support.FakeKeys;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import dev.keel.web.WebhookReceiver;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plants a fake key for every provider, drives every workflow (and its failures) with those keys in
 * inputs, headers and names, then reads back every file Keel wrote, every HTTP answer and every log
 * line of the run: no key appears anywhere.
 */
class LeakTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void noPlantedKeyAppearsInAnythingKeelWrote() throws Exception {
        Path home = Files2.freshHome("leak");
        Map<String, String> keys = new LinkedHashMap<>(FakeKeys.all(System.nanoTime()));
        keys.put("webhook-ci", "whsec-FAKE-" + Long.toHexString(System.nanoTime()) + "-leaktest");
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        for (Map.Entry<String, String> key : keys.entrySet()) {
            Path file = Files.writeString(secrets.resolve(key.getKey()), key.getValue());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        String anthropic = keys.get("anthropic-api-key");
        RunningKeel keel = RunningKeel.start(home, "leak", Map.of("keel.webhooks.sources", "ci"));
        int port = keel.httpPort();
        List<String> answers = new ArrayList<>();
        try {
            String webhook = keys.get("webhook-ci");
            answers.add(post(port, "data", "ok.json", "[{\"id\":\"a\",\"updated_at\":\"2026-01-01\",\"note\":\"" + anthropic + "\"}]",
                    "ci", webhook));
            answers.add(post(port, "data", "bad.json", "[{\"id\": " + keys.get("groq-api-key") + "}]", "ci", webhook));
            answers.add(post(port, "data", keys.get("openai-api-key") + ".json", "[]", "ci", webhook));
            answers.add(post(port, "data", "x.json", "[]", keys.get("moonshot-api-key"), webhook));
            answers.add(post(port, "data", "y.json", "[]", "ci", keys.get("openrouter-api-key")));
            Files.createDirectories(home.resolve("inbox/legal"));
            Files.writeString(home.resolve("inbox/legal/memo.md"), "---\nid: memo\nmatter: M\ntitle: Memo\njurisdiction: DE\n"
                    + "version: \"1\"\ncites: [a]\n---\nThe key is " + anthropic + "\n");
            Files.writeString(home.resolve("inbox/legal/clean.md"), "---\nid: clean\nmatter: M\ntitle: Clean\njurisdiction: DE\n"
                    + "version: \"1\"\ncites: [a]\n---\nNothing secret.\n");

            assertThat(Files2.await(() -> Files.exists(home.resolve("inbox/legal/.error/memo.md.error.txt"))
                    && Files.exists(home.resolve("outbox/legal/clean.md"))
                    && Files2.listAll(home.resolve("inbox/data/.error")).stream().anyMatch(f -> f.endsWith("bad.json.error.txt"))
                    // ok.json holds a key: processed, then kept in quarantine/ rather than the archive (#16 item 3)
                    && Files2.listAll(home.resolve("quarantine")).stream().anyMatch(f -> f.endsWith("ok.json")), Duration.ofSeconds(20)))
                    .isTrue();
        } finally {
            keel.close();
        }

        assertThat(home.resolve("inbox/legal/.error/memo.md.error.txt")).content().contains("contains a secret (anthropic-api-key");
        assertThat(home.resolve("outbox/legal/memo.md")).doesNotExist();
        assertThat(Files2.listAll(home.resolve("quarantine"))).anyMatch(f -> f.endsWith("memo.md"));
        assertThat(Files2.listAll(home.resolve("archive/data"))).noneMatch(f -> f.endsWith("ok.json"));

        List<Path> written = new ArrayList<>();
        for (String area : new String[] {"ops", "outbox"}) {
            Files2.listAll(home.resolve(area)).forEach(f -> written.add(home.resolve(area).resolve(f)));
        }
        for (String workflow : new String[] {"data", "legal"}) {
            Files2.listAll(home.resolve("inbox").resolve(workflow).resolve(".error")).stream().filter(f -> f.endsWith(".error.txt"))
                    .forEach(f -> written.add(home.resolve("inbox").resolve(workflow).resolve(".error").resolve(f)));
        }
        written.add(Path.of("target/test-logs/keel-test.log"));
        assertThat(written).hasSizeGreaterThan(8);
        for (Path file : written) {
            String text = Files.readString(file);
            for (Map.Entry<String, String> key : keys.entrySet()) {
                assertThat(text).as(key.getKey() + " in " + file).doesNotContain(key.getValue());
            }
        }
        for (String answer : answers) {
            for (String key : keys.values()) {
                assertThat(answer).doesNotContain(key);
            }
        }
        assertThat(String.join("\n", answers)).contains("\"status\":\"queued\"", "401", "400");
    }

    private static String post(int port, String workflow, String name, String body, String source, String secret) throws Exception {
        long now = Instant.now().getEpochSecond();
        String signature = "sha256=" + HexFormat.of().formatHex(WebhookReceiver.sign(secret, String.valueOf(now),
                workflow + "/" + name, body.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/" + workflow
                        + "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .header("X-Keel-Source", source).header("X-Keel-Timestamp", String.valueOf(now))
                .header("X-Keel-Signature-256", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.headers().map() + " " + response.body();
    }

}
