package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.keel.alert.AlertBook;
import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Keel started as `keel run` starts it, with disk marks so low that the host is CRITICAL at the first sample: the guard
 * alert reaches a webhook (its URL a secret file) through the alerts route, and shows in the registry's alertBook,
 * ALERTS.md and /observe/metrics.
 */
class AlertsBootTest {

    @Test
    void aCriticalHostReachesTheWebhookOfARunningKeel() throws Exception {
        Path home = Files2.freshHome("alerts-boot");
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        Files.createDirectories(home.resolve("secrets"));
        Path secret = home.resolve("secrets/alert-hook");
        Files.writeString(secret, "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook/s3cr3t-path-token\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(home.resolve("ops/configs"));
        Files.writeString(home.resolve("ops/configs/alerts.yaml"), """
                sinks:
                  ops: {type: webhook, url-secret: alert-hook}
                default-sinks: [ops]
                rules:
                  guard-critical: {for: 0s}
                """);
        RunningKeel keel = RunningKeel.start(home, "alerts-boot", Map.of("keel.alerts.interval", "500ms",
                "keel.guard.sample-interval", "1s", "keel.guard.hold", "0s", "keel.guard.disk.hot-low", "0.001",
                "keel.guard.disk.hot-high", "0.002", "keel.guard.disk.critical-low", "0.003", "keel.guard.disk.critical-high", "0.004"));
        try {
            assertThat(Files2.await(() -> bodies.stream().anyMatch(b -> b.contains("\"rule\":\"guard-critical\"")), Duration.ofSeconds(30)))
                    .as("the webhook got the guard alert").isTrue();
            AlertBook book = keel.camel().getRegistry().lookupByNameAndType("alertBook", AlertBook.class);
            assertThat(book.open()).extracting(a -> a.rule()).contains("guard-critical");
            assertThat(bodies.stream().filter(b -> b.contains("\"rule\":\"guard-critical\"")).count()).isEqualTo(1);
            assertThat(Files2.await(() -> Files.isRegularFile(home.resolve("ops/health/ALERTS.md")), Duration.ofSeconds(10))).isTrue();
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + keel.managementPort() + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("keel_alert_active{rule=\"guard-critical\"} 1.0");
            assertThat(home.resolve("ops/configs/prometheus-alerts.yml")).content().contains("alert: KeelGuardCritical", "for: 0s");
        } finally {
            keel.close();
            hook.stop(0);
        }
        assertThat(home.resolve("ops/health/ALERTS.md")).content().contains("guard-critical").doesNotContain("s3cr3t-path-token");
    }
}
