package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.keel.storage.Backups;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The night-run route from routes/night-run.camel.yaml fired by a test cron, with a fake Ollama that
 * answers /api/tags and /api/generate in Ollama's own wire format.
 */
class NightRouteTest {

    @Test
    void theCronFiresTheRunAndEveryStepLeavesItsMark() throws Exception {
        Path home = Files2.freshHome("night");
        Files.createDirectories(home.resolve("outbox/legal"));
        Files.writeString(home.resolve("outbox/legal/memo.md"), "---\nid: memo\ntitle: Memo\nversion: \"3\"\n---\nText\n");
        HttpServer ollama = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ollama.createContext("/api/tags", exchange -> answer(exchange, "{\"models\":[{\"name\":\"qwen2.5-coder:7b\",\"model\":"
                + "\"qwen2.5-coder:7b\",\"size\":4683087332,\"digest\":\"a1b2\",\"details\":{\"family\":\"qwen2\"}}]}"));
        ollama.createContext("/api/generate", exchange -> answer(exchange, "{\"model\":\"qwen2.5-coder:7b\",\"created_at\":"
                + "\"2026-11-24T02:00:00Z\",\"response\":\"Check disk, check backups, check queues.\",\"done\":true,"
                + "\"done_reason\":\"stop\",\"total_duration\":2100000000,\"load_duration\":300000000,\"prompt_eval_count\":26,"
                + "\"prompt_eval_duration\":200000000,\"eval_count\":64,\"eval_duration\":1600000000}"));
        ollama.start();
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: 'http://127.0.0.1:%d', models: [qwen2.5-coder:7b, llama3.2:1b],
                     context-window: 32768, local-rate-per-hour: 0.4}
                routing:
                  target-mix: {local: 80, reasoning: 15, critical: 5}
                  fallback: [ollama]
                """.formatted(ollama.getAddress().getPort()));
        RunningKeel keel = RunningKeel.start(home, "night", Map.of("keel.night.cron", "0/2 * * * * ?"));
        try {
            Path report = home.resolve("ops/logs/NIGHT_RUN.md");
            assertThat(Files2.await(() -> Files.exists(report), Duration.ofSeconds(20))).isTrue();
            assertThat(report).content().contains("(cron)", "| drain-deferred |", "| backup |", "| storage-lifecycle |",
                    "| legal-check |", "| telemetry |", "| model-bench |", "| outbox-index |", "| tools-tracker |");
            assertThat(report).content().doesNotContain("**FAILED**");
        } finally {
            keel.close();
            ollama.stop(0);
        }
        assertThat(home.resolve("ops/health/MODEL_BENCH.md")).content()
                .contains("| qwen2.5-coder:7b | ok | 40.0 | 64 | 26 | 0.30 |", "| llama3.2:1b | not installed (ollama pull llama3.2:1b)");
        assertThat(home.resolve("outbox/INDEX.md")).content().contains("## legal", "| memo.md |", "title: Memo; id: memo; version: 3");
        assertThat(home.resolve("ops/skills/TOOLS_TRACKER.md")).content().contains("| keel night --now | command |", "| night-run | route |");
        assertThat(home.resolve("ops/health/TELEMETRY.md")).content().contains("80 %");
        Path backup = Files.list(home.resolve("backups")).filter(p -> p.toString().endsWith(".zip")).findFirst().orElseThrow();
        assertThat(Backups.verify(backup).ok()).isTrue();
        Backups.restore(backup, home.resolve("restored"));
        assertThat(home.resolve("restored/db")).isDirectoryContaining(p -> p.getFileName().toString().equals("keel_night_run.csv")
                || p.getFileName().toString().equals("legal_record.csv"));
        assertThat(home.resolve("restored/outbox/legal/memo.md")).hasSameTextualContentAs(home.resolve("outbox/legal/memo.md"));
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws java.io.IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

}
