package dev.keel.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.gateway.AgentKeys;
import dev.keel.support.RunningKeel;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard on Keel's HTTP server, over plain HTTP as a browser speaks it: operator keys and sessions, the refusals
 * (no session, an agent's key, a missing or wrong CSRF token), the overview and calls after a real gateway call to a
 * fake provider, an action, and files served read-only with traversal and symlinks refused.
 */
class DashboardHttpTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static DashboardKeel fixture;
    static RunningKeel keel;
    static Path home;
    static String operatorKey;
    static String agentKey;

    @BeforeAll
    static void start() throws Exception {
        fixture = DashboardKeel.start("dashboard-http", Map.of());
        keel = fixture.keel;
        home = fixture.home;
        operatorKey = fixture.operatorKey;
        agentKey = fixture.agentKey;
        Files.writeString(home.resolve("outbox/export/board.md"), "# Board <script>alert(1)</script>");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    DashboardClient client() {
        return new DashboardClient(keel.httpPort());
    }

    DashboardClient loggedIn() throws Exception {
        DashboardClient c = client();
        assertThat(c.login(operatorKey).statusCode()).isEqualTo(303);
        return c;
    }

    @Test
    void pagesWithoutASessionGoToTheLoginPageAndTheApiAnswers401() throws Exception {
        HttpResponse<String> page = client().get("/");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/login");
        HttpResponse<String> api = client().get("/api/dashboard/overview");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(api.body()).at("/error/message").asText()).contains("keel operators issue");
        assertThat(client().get("/files/outbox/export/board.md").statusCode()).isEqualTo(303);
    }

    @Test
    void aForgedOrExpiredSessionIdOpensNothing() throws Exception {
        DashboardClient c = client();
        c.session = Sessions.token();
        assertThat(c.get("/api/dashboard/overview").statusCode()).isEqualTo(401);
    }

    @Test
    void loginSetsAnHttpOnlyStrictSessionCookieWithAnExpiry() throws Exception {
        DashboardClient c = client();
        HttpResponse<String> answer = c.login(operatorKey);
        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location")).hasValue("/");
        String cookie = DashboardClient.setCookie(answer, DashboardHttp.SESSION_COOKIE);
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Max-Age=28800").contains("Path=/")
                .doesNotContain("Secure"); // plain HTTP on loopback: a Secure cookie would never come back
        HttpResponse<String> page = c.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"keel-csrf\"").contains("<b id=\"operator\">ada</b>");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
        assertThat(page.body()).doesNotContain(operatorKey);
    }

    @Test
    void anAgentsKeyOrAWrongKeyDoesNotLogIn() throws Exception {
        for (String key : new String[] {agentKey, operatorKey + "x", ""}) {
            DashboardClient c = client();
            HttpResponse<String> answer = c.login(key);
            assertThat(answer.statusCode()).as("key %s", key.isEmpty() ? "(empty)" : "…").isEqualTo(401);
            assertThat(DashboardClient.cookie(answer, DashboardHttp.SESSION_COOKIE)).isNull();
            assertThat(answer.body()).doesNotContain(key.isEmpty() ? "\u0000" : key);
        }
        Path log = Path.of("target/test-logs/keel-test.log");
        if (Files.exists(log)) {
            assertThat(Files.readString(log)).doesNotContain(operatorKey).doesNotContain(agentKey);
        }
    }

    @Test
    void aLoginPostWithoutTheFormsCookieIsRefused() throws Exception {
        HttpResponse<String> answer = DashboardClient.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + keel.httpPort()
                + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + operatorKey + "&form=made-up")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(DashboardClient.cookie(answer, DashboardHttp.SESSION_COOKIE)).isNull();
    }

    @Test
    void actionsNeedTheSessionsCsrfToken() throws Exception {
        DashboardClient c = loggedIn();
        String route = JSON.readTree(c.get("/api/dashboard/intakes").body()).at("/intakes/0/route").asText();
        assertThat(route).isNotEmpty();
        assertThat(c.post("/api/dashboard/intakes/" + route + "/pause", null).statusCode()).isEqualTo(403);
        assertThat(c.post("/api/dashboard/intakes/" + route + "/pause", Sessions.token()).statusCode()).isEqualTo(403);
        DashboardClient other = loggedIn();
        assertThat(c.post("/api/dashboard/intakes/" + route + "/pause", other.csrf).statusCode()).as("another session's token").isEqualTo(403);
        assertThat(keel.camel().getRouteController().getRouteStatus(route).name()).isEqualTo("Started");

        HttpResponse<String> paused = c.post("/api/dashboard/intakes/" + route + "/pause");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(keel.camel().getRouteController().getRouteStatus(route).name()).isEqualTo("Suspended");
        JsonNode log = JSON.readTree(c.get("/api/dashboard/intakes").body()).get("actions");
        assertThat(log.get(0).get("operator").asText()).isEqualTo("ada");
        assertThat(log.get(0).get("action").asText()).isEqualTo("pause-intake");
        assertThat(c.post("/api/dashboard/intakes/" + route + "/resume").statusCode()).isEqualTo(200);
        assertThat(keel.camel().getRouteController().getRouteStatus(route).name()).isEqualTo("Started");
        assertThat(c.post("/api/dashboard/intakes/not-an-intake/pause").statusCode()).isEqualTo(400);
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        DashboardClient c = loggedIn();
        assertThat(c.post("/logout").statusCode()).isEqualTo(303);
        assertThat(c.get("/api/dashboard/overview").statusCode()).isEqualTo(401);
    }

    @Test
    void aRevokedOperatorsSessionEndsAtItsNextRequest() throws Exception {
        String key = AgentKeys.newKey();
        Path file = DashboardKeel.secret(home, OperatorKeys.secretName("temp"), key);
        DashboardClient c = client();
        assertThat(c.login(key).statusCode()).isEqualTo(303);
        assertThat(c.get("/api/dashboard/overview").statusCode()).isEqualTo(200);
        Files.delete(file);
        assertThat(c.get("/api/dashboard/overview").statusCode()).isEqualTo(401);
    }

    @Test
    void aGatewayCallShowsInTheOverviewAndOnTheCallsPage() throws Exception {
        DashboardClient c = loggedIn();
        HttpResponse<String> call = DashboardClient.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + keel.httpPort()
                + "/v1/chat/completions")).header("Authorization", "Bearer " + agentKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"local\",\"messages\":[{\"role\":\"user\",\"content\":\"hi <b>there</b>\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(call.statusCode()).isEqualTo(200);
        JsonNode page = null;
        for (int i = 0; i < 50; i++) {
            page = JSON.readTree(c.get("/api/dashboard/calls?agent=ci").body());
            if (page.get("calls").size() > 0) {
                break;
            }
            Thread.sleep(100);
        }
        JsonNode first = page.get("calls").get(0);
        assertThat(first.get("provider").asText()).isEqualTo("ollama");
        assertThat(first.get("tokens").asLong()).isEqualTo(19);
        JsonNode detail = JSON.readTree(c.get("/api/dashboard/calls/" + first.get("id").asLong()).body());
        assertThat(detail.get("reason").asText()).isNotEmpty();
        assertThat(detail.get("inputTokens").asLong()).isEqualTo(12);
        assertThat(JSON.readTree(c.get("/api/dashboard/calls?agent=nobody").body()).get("calls")).isEmpty();

        JsonNode overview = JSON.readTree(c.get("/api/dashboard/overview").body());
        JsonNode ollamaRow = overview.get("providers").get(0);
        assertThat(ollamaRow.get("provider").asText()).isEqualTo("ollama");
        assertThat(ollamaRow.at("/lastHour/calls").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(overview.at("/guard/level").asText()).isIn("OK", "HOT", "CRITICAL"); // this host's real load
        assertThat(overview.at("/guard/mode").asText()).isEqualTo("OBSERVE");
        assertThat(overview.at("/alerts/message").asText()).isEqualTo("alerts not configured");

        HttpResponse<String> csv = c.get("/api/dashboard/calls.csv?agent=ci");
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body().lines().skip(1).findFirst().orElseThrow()).contains(",ci,ollama,qwen,LOCAL,ok,12,7,");
        keel.camel().getRegistry().lookupByNameAndType("callRollup", CallRollup.class).catchUp();
        assertThat(c.get("/api/dashboard/spend.csv").body()).startsWith("by,key,calls,cost_usd\n").contains("\nagent,ci,1,");
    }

    @Test
    void filesAreServedAsTextAndTraversalAndSymlinksAreRefused() throws Exception {
        DashboardClient c = loggedIn();
        HttpResponse<String> file = c.get("/files/outbox/export/board.md");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(file.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("sandbox");
        Files.createSymbolicLink(home.resolve("outbox/export/keys"), home.resolve("secrets"));
        for (String path : new String[] {"/files/outbox/../secrets/" + OperatorKeys.secretName("ada"), "/files/outbox/%2e%2e/secrets/"
                + OperatorKeys.secretName("ada"), "/files/outbox/export/keys/" + OperatorKeys.secretName("ada"), "/files/secrets/x",
                "/files/outbox/export"}) {
            HttpResponse<String> refused = c.get(path);
            assertThat(refused.statusCode()).as(path).isIn(400, 404);
            assertThat(refused.body()).doesNotContain(operatorKey);
        }
        assertThat(JSON.readTree(c.get("/api/dashboard/files?root=outbox&dir=export").body()).get("entries").toString())
                .contains("board.md").doesNotContain("keys");
    }

    @Test
    void aRefusedExportShowsWithItsReason() throws Exception {
        DashboardClient c = loggedIn();
        Files.writeString(home.resolve("inbox/export/broken.yaml"), "title: [unclosed");
        JsonNode failures = null;
        for (int i = 0; i < 100; i++) {
            failures = JSON.readTree(c.get("/api/dashboard/failures?workflow=export").body()).get("failures");
            if (failures.size() > 0) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(failures.get(0).get("file").asText()).contains("broken.yaml");
        assertThat(failures.get(0).get("reason").asText()).isNotEmpty();
        assertThat(c.get("/api/dashboard/failures?workflow=../secrets").statusCode()).isEqualTo(400);
        JsonNode batches = JSON.readTree(c.get("/api/dashboard/batches").body());
        assertThat(batches.get("batches").isArray()).isTrue();
        assertThat(c.get("/api/dashboard/night").statusCode()).isEqualTo(200);
    }

    @Test
    void assetsComeFromTheJarIncludingUplot() throws Exception {
        HttpResponse<String> uplot = client().get("/assets/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        assertThat(client().get("/assets/..%2Fapplication.properties").statusCode()).isEqualTo(404);
    }
}
