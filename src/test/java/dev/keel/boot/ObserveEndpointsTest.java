package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.support.Files2;
import dev.keel.support.RunningKeel;
import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keel started the way `keel run` starts it, with both HTTP servers on, asked over HTTP. */
class ObserveEndpointsTest {

    static RunningKeel keel;
    static int managementPort;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        keel = RunningKeel.start(Files2.freshHome("observe"), "observe", Map.of());
        managementPort = keel.managementPort();
    }

    @AfterAll
    static void stop() {
        keel.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthListsTheContextTheRoutesAndTheGuard() throws Exception {
        // file consumers report UP after their first poll, so readiness turns UP within a poll interval
        assertThat(Files2.await(() -> status("/observe/health") == 200, java.time.Duration.ofSeconds(10))).isTrue();
        HttpResponse<String> health = get("/observe/health");

        assertThat(health.body()).contains("\"status\":\"UP\"", "resource-guard", "route:health-poll", "consumer:legal-intake");
    }

    private static int status(String path) {
        try {
            return get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void routerMdDescribesTheProvidersInUse() throws Exception {
        Path report = keel.camel().getPropertiesComponent().resolveProperty("keel.storage.ops").map(Path::of).orElseThrow()
                .resolve("configs/ROUTER.md");

        assertThat(Files2.await(() -> java.nio.file.Files.exists(report), java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(report).content().contains("| kimi | openai-compatible | reasoning | kimi-k2.5 |", "moonshot-api-key",
                "Fallback order: ollama → kimi → claude", "local 80 %");
    }

    @Test
    void metricsArePrometheusTextWithKeelGauges() throws Exception {
        HttpResponse<String> metrics = get("/observe/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("keel_guard_state ", "keel_host_cpu_percent ", "keel_process_rss_bytes ",
                "keel_disk_free_bytes{folder=\"inbox\"}", "camel_exchanges_total");
    }

    @Test
    void jolokiaReadsTheGuardAndCamelRoutes() throws Exception {
        HttpResponse<String> guard = get("/observe/jolokia/read/dev.keel:type=ResourceGuard/State");
        HttpResponse<String> routes = get("/observe/jolokia/search/org.apache.camel:type=routes,*");

        assertThat(guard.body()).contains("\"value\":\"OK\"", "\"status\":200");
        assertThat(routes.body()).contains("health-poll");
    }

    @Test
    void jolokiaRefusesOperationsOutsideTheRouteControls() throws Exception {
        HttpResponse<String> gc = get("/observe/jolokia/exec/java.lang:type=Memory/gc");
        HttpResponse<String> write = get("/observe/jolokia/write/java.lang:type=Memory/Verbose/true");

        assertThat(gc.body()).contains("\"status\":403");
        assertThat(write.body()).contains("\"status\":403");
    }
}
