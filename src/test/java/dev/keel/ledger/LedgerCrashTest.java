package dev.keel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.boot.KeelSettings;
import dev.keel.db.Jdbc;
import dev.keel.db.KeelDatabase;
import dev.keel.gateway.AgentKeys;
import dev.keel.support.FakeProvider;
import dev.keel.support.Files2;
import dev.keel.support.KeelProcess;
import dev.keel.support.RunningKeel;
import dev.keel.support.Wire;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cost ledger after a crash, on a real process: agents' calls through the gateway at full speed,
 * Keel killed with SIGKILL while they run, the database opened again as a restart opens it. Every call
 * whose caller got a 200 has its row. Each call's prompt carries a number the fake provider reports
 * back as its prompt tokens, so an answer and its row are matched one to one.
 */
class LedgerCrashTest {

    static final Pattern NUMBER = Pattern.compile("call (\\d+)");
    static final int CLIENTS = 12;
    static final int ANSWERED_BEFORE_KILL = 400;

    FakeProvider upstream;
    Process keel;

    /** The database settings; H2's file here, a PostgreSQL schema in the subclass. */
    protected Map<String, String> database() {
        return Map.of();
    }

    @AfterEach
    void stop() throws Exception {
        if (keel != null && keel.isAlive()) {
            keel.destroyForcibly().waitFor();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void everyAnsweredCallHasItsRowAfterKillNine() throws Exception {
        Path home = Files2.freshHome("ledger-crash");
        ObjectMapper json = new ObjectMapper();
        upstream = FakeProvider.start().reply("/v1/chat/completions", body -> {
            try {
                String prompt = json.readTree(body).path("messages").get(0).path("content").asText();
                Matcher m = NUMBER.matcher(prompt);
                int n = m.find() ? Integer.parseInt(m.group(1)) : 0;
                return FakeProvider.Reply.of(200, Wire.openAi("answer " + n, n, 5, 0));
            } catch (Exception e) {
                return FakeProvider.Reply.of(500, "{\"error\":{\"message\":\"" + e.getMessage() + "\"}}");
            }
        });
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: up, type: openai-compatible, tier: reasoning, base-url: '%s/v1', key-secret: upstream-key,
                     models: [m1], context-window: 128000, price: {input: 0.6, output: 2.5}}
                routing:
                  target-mix: {local: 80, reasoning: 15, critical: 5}
                  fallback: [up]
                """.formatted(upstream.url()));
        String key = AgentKeys.newKey();
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        for (Map.Entry<String, String> secret : Map.of("upstream-key", "sk-FAKE-upstream-0000000000000000",
                AgentKeys.secretName("crash"), key).entrySet()) {
            Files.setPosixFilePermissions(Files.writeString(secrets.resolve(secret.getKey()), secret.getValue()),
                    PosixFilePermissions.fromString("rw-------"));
        }
        int port = RunningKeel.freePort();
        Map<String, String> settings = new HashMap<>(database());
        settings.put("keel.gateway.agents", "crash");
        settings.put("keel.http.port", String.valueOf(port));
        keel = KeelProcess.start(home, "first", settings);
        assertThat(KeelProcess.awaitReady(home, "first", Duration.ofSeconds(90))).as("Keel starts").isTrue();

        Set<Integer> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger(1);
        AtomicBoolean running = new AtomicBoolean(true);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.execute(() -> {
                while (running.get()) {
                    int n = next.getAndIncrement();
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"up/m1\",\"messages\":[{\"role\":\"user\","
                                    + "\"content\":\"This is call " + n + ".\"}]}")).build();
                    try {
                        if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                            answered.add(n);
                        }
                    } catch (Exception killed) {
                        // Keel is gone: this call was not answered
                    }
                }
            });
        }
        assertThat(Files2.await(() -> answered.size() >= ANSWERED_BEFORE_KILL, Duration.ofSeconds(120))).as("calls are answered").isTrue();
        keel.destroyForcibly().waitFor(); // SIGKILL while calls are in flight
        running.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        if (database().isEmpty()) { // embedded H2: the killed Keel's last rows are in its journal, not all in the table yet
            try (java.util.stream.Stream<Path> segments = Files.list(home.resolve("data/ledger-journal"))) {
                assertThat(segments.filter(p -> p.toString().endsWith(".journal"))).as("journal segments after the kill").isNotEmpty();
            }
        }
        // started again as after a crash: the embedded ledger inserts the rows its journal holds (LedgerJournal), then stops
        Process again = KeelProcess.start(home, "again", settings);
        try {
            assertThat(KeelProcess.awaitReady(home, "again", Duration.ofSeconds(90))).as("Keel starts again").isTrue();
        } finally {
            again.destroy(); // SIGTERM: a clean stop
            assertThat(again.waitFor(60, TimeUnit.SECONDS)).as("Keel stops").isTrue();
        }

        Map<String, String> reopen = new HashMap<>(database());
        reopen.put("keel.home", home.toString());
        reopen.putIfAbsent("keel.db.url", "jdbc:h2:file:./data/keel;AUTO_SERVER=TRUE");
        reopen.putIfAbsent("keel.db.user", "keel");
        reopen.putIfAbsent("keel.db.password-env", "KEEL_TEST_NO_PASSWORD");
        Set<Integer> rows = new HashSet<>();
        try (KeelDatabase db = KeelDatabase.open(KeelSettings.of(reopen))) {
            List<Long> tokens = new Jdbc(db::dataSource, "test").list(
                    "SELECT input_tokens FROM keel_model_call WHERE outcome = 'ok' AND caller = 'crash'", r -> r.getLong(1));
            tokens.forEach(t -> rows.add(t.intValue()));
        }
        Set<Integer> missing = new HashSet<>(answered);
        missing.removeAll(rows);
        assertThat(answered).hasSizeGreaterThanOrEqualTo(ANSWERED_BEFORE_KILL);
        assertThat(missing).as("answered calls without a ledger row, of " + answered.size() + " answered").isEmpty();
    }
}
