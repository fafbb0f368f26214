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

    static final String OBSERVE_TOKEN = "obs-FAKE-token-0000000000000001";

    @BeforeAll
    static void start() throws Exception {
        Path home = Files2.freshHome("observe");
        Path secret = java.nio.file.Files.createDirectories(home.resolve("secrets")).resolve("observe-token");
        java.nio.file.Files.writeString(secret, OBSERVE_TOKEN);
        java.nio.file.Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        keel = RunningKeel.start(home, "observe", Map.of());
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
                "Fallback order: ollama → kimi → claude", "local 80 %",
                // per-million prices and the local rate as Money prints them: dollars, and the precision small amounts need
                "| $0.60 / $2.50 / $0.15 / $0.00 |", "| by compute time | $0.40 |");
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
        // with the token, so what refuses them is Jolokia's policy (jolokia-access.xml), not the guard in front
        HttpResponse<String> gc = send(at("/observe/jolokia").header("Authorization", "Bearer " + OBSERVE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}")));
        HttpResponse<String> write = send(at("/observe/jolokia").header("Authorization", "Bearer " + OBSERVE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\","
                        + "\"attribute\":\"Verbose\",\"value\":true}")));

        assertThat(gc.body()).contains("\"status\":403");
        assertThat(write.body()).contains("\"status\":403");
    }

    static final String ROUTE = "org.apache.camel:context=keel,type=routes,name=\"health-poll\"";

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path));
    }

    private static HttpRequest.Builder exec(String operation) {
        // text/plain: the content type a cross-site page may POST without a CORS preflight
        return at("/observe/jolokia").header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(
                "{\"type\":\"exec\",\"mbean\":\"" + ROUTE.replace("\"", "\\\"") + "\",\"operation\":\"" + operation + "\"}"));
    }

    private static String healthPollState() throws Exception {
        return get("/observe/jolokia/read/" + java.net.URLEncoder.encode(ROUTE, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20") + "/State").body();
    }

    @Test
    void aRequestFromAForeignOriginIsRefusedAndTheServersOwnOriginIsServed() throws Exception {
        HttpResponse<String> foreign = send(at("/observe/jolokia/read/dev.keel:type=ResourceGuard/State").header("Origin", "http://evil.example"));
        HttpResponse<String> own = send(at("/observe/jolokia/read/dev.keel:type=ResourceGuard/State")
                .header("Origin", "http://127.0.0.1:" + managementPort));

        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("cross-site request refused");
        assertThat(own.body()).contains("\"status\":200");
    }

    @Test
    void aRouteOperationOverGetIsRefusedAndTheRouteKeepsRunning() throws Exception {
        String path = "/observe/jolokia/exec/" + java.net.URLEncoder.encode(ROUTE, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20") + "/stop()";
        HttpResponse<String> stop = get(path);
        HttpResponse<String> viaParameter = get("/observe/jolokia/?p=" + java.net.URLEncoder.encode("/exec/" + ROUTE + "/stop()",
                java.nio.charset.StandardCharsets.UTF_8));

        assertThat(stop.statusCode()).isEqualTo(403);
        assertThat(viaParameter.statusCode()).isEqualTo(403);
        assertThat(healthPollState()).contains("Started");
    }

    @Test
    void aCrossSiteStylePostWithoutTheTokenIsRefusedAndTheRouteKeepsRunning() throws Exception {
        HttpResponse<String> noToken = send(exec("stop()"));
        HttpResponse<String> wrongToken = send(exec("stop()").header("Authorization", "Bearer obs-FAKE-wrong"));

        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("observe-token");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(healthPollState()).contains("Started");
    }

    @Test
    void anOperationWithTheTokenIsServedAsBearerOrAsHawtiosBasicPassword() throws Exception {
        HttpResponse<String> reset = send(exec("reset()").header("Authorization", "Bearer " + OBSERVE_TOKEN));
        HttpResponse<String> basic = send(exec("reset()").header("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString(("operator:" + OBSERVE_TOKEN).getBytes(java.nio.charset.StandardCharsets.UTF_8))));

        assertThat(basic.body()).contains("\"status\":200");
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(reset.body()).contains("\"status\":200");
        assertThat(reset.body()).doesNotContain(OBSERVE_TOKEN);
    }
}
