package dev.keel.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.alert.Alert;
import dev.keel.alert.AlertBook;
import dev.keel.ledger.CostLedger;
import dev.keel.router.ModelGateway;
import dev.keel.router.Tier;
import dev.keel.router.Usage;
import dev.keel.support.RunningKeel;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium, headless, driven by Selenium through chromium-driver): log in,
 * watch the overview's numbers change after calls through the gateway, page and filter the calls, pause an intake,
 * acknowledge an alert, and be refused without a session or with a bad CSRF token. Skips, saying why, when chromium or
 * chromedriver is not installed (.ci/run installs both).
 */
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("keel.test.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("keel.test.chromedriver", "/usr/bin/chromedriver"));

    static DashboardKeel fixture;
    static RunningKeel keel;
    static String operatorKey;
    static String agentKey;
    static WebDriver browser;
    static final Book BOOK = new Book();

    /** An AlertBook of the test's: two open alerts, acknowledge recorded. */
    static final class Book implements AlertBook {
        final List<Alert> alerts = new CopyOnWriteArrayList<>(List.of(
                new Alert("a-1", "guard-critical", "", Alert.Severity.CRITICAL, "host CRITICAL for 2 min <b>cpu</b>",
                        Instant.parse("2026-12-01T09:00:00Z"), null, null, null),
                new Alert("a-2", "budget-80", "kimi", Alert.Severity.WARNING, "kimi at 80 % of its budget",
                        Instant.parse("2026-12-01T09:30:00Z"), null, null, null)));

        @Override
        public List<Alert> open() {
            return alerts.stream().filter(Alert::open).toList();
        }

        @Override
        public List<Alert> recent(int limit) {
            return alerts.stream().limit(limit).toList();
        }

        @Override
        public boolean acknowledge(String id, String operator) {
            for (int i = 0; i < alerts.size(); i++) {
                Alert a = alerts.get(i);
                if (a.id().equals(id) && a.open()) {
                    alerts.set(i, new Alert(a.id(), a.rule(), a.subject(), a.severity(), a.summary(), a.firedAt(), null, operator,
                            Instant.now()));
                    return true;
                }
            }
            return false;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests skipped: no " + CHROMIUM + " or " + DRIVER + " (apt-get install chromium chromium-driver)");
        fixture = DashboardKeel.start("dashboard-browser", Map.of("keel.dashboard.rollup-interval", "1s"));
        keel = fixture.keel;
        operatorKey = fixture.operatorKey;
        agentKey = fixture.agentKey;
        keel.camel().getRegistry().bind("alertBook", BOOK);
        // 60 older calls of two agents, so the calls page has more than one page; one reason is hostile markup
        CostLedger ledger = keel.camel().getRegistry().lookupByNameAndType("modelGateway", ModelGateway.class).ledger();
        for (int i = 0; i < 60; i++) {
            ledger.record(new CostLedger.Call(Instant.now().minusSeconds(3600 + i), i % 2 == 0 ? "writer" : "reviewer", "ollama", "qwen",
                    Tier.LOCAL, i == 0 ? "<img src=x onerror=\"document.title='owned'\">" : "seeded", new Usage(10, 5, 2, 0, 120), 0.0004,
                    true, "ok"));
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new", "--no-sandbox",
                "--disable-dev-shm-usage", "--window-size=1400,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort().build(), options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    static String url(String path) {
        return "http://127.0.0.1:" + keel.httpPort() + path;
    }

    static WebDriverWait waiting() {
        // the page re-renders its tables: an element read mid-render is looked up again
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class);
    }

    static void logIn() {
        browser.get(url("/"));
        if (browser.getCurrentUrl().endsWith("/login")) {
            browser.findElement(By.id("key")).sendKeys(operatorKey);
            browser.findElement(By.id("login-button")).click();
        }
        waiting().until(d -> d.findElement(By.id("guard-level")).getText().matches("OK|HOT|CRITICAL"));
    }

    static void gatewayCall() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .header("Authorization", "Bearer " + agentKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"local\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    static String lastHourCalls() {
        List<WebElement> cells = browser.findElements(By.cssSelector("#providers tr:nth-child(2) td"));
        return cells.size() > 4 ? cells.get(4).getText() : "";
    }

    @Test
    void loggedInTheOverviewUpdatesLiveAfterGatewayCalls() throws Exception {
        logIn();
        waiting().until(d -> !lastHourCalls().isEmpty());
        long before = Long.parseLong(lastHourCalls());
        gatewayCall();
        gatewayCall();
        // no reload: the page's own refresh brings the new count
        waiting().until(d -> Long.parseLong(lastHourCalls()) >= before + 2);
        assertThat(browser.findElement(By.id("open-alerts")).getText()).contains("guard-critical", "host CRITICAL for 2 min <b>cpu</b>");
        // target/ on every run; docs/dashboard-overview.png (the README's picture) with -Dkeel.test.screenshot-docs=true
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target/dashboard-overview.png"), StandardCopyOption.REPLACE_EXISTING);
        if (Boolean.getBoolean("keel.test.screenshot-docs")) {
            Files.copy(shot, Path.of("docs/dashboard-overview.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void callsArePagedFilteredAndOpenTheirDetailAsText() {
        logIn();
        browser.get(url("/#calls"));
        waiting().until(d -> d.findElements(By.cssSelector("#call-list tr.row")).size() == 50);
        List<String> firstPage = ids();
        browser.findElement(By.id("calls-older")).click();
        waiting().until(d -> !ids().isEmpty() && !ids().get(0).equals(firstPage.get(0)));
        assertThat(ids()).doesNotContainAnyElementsOf(firstPage);

        browser.findElement(By.name("agent")).sendKeys("writer");
        browser.findElement(By.id("filter-calls")).click();
        waiting().until(d -> d.findElements(By.cssSelector("#call-list tr.row")).size() == 30);
        List<WebElement> agents = browser.findElements(By.cssSelector("#call-list tr.row td:nth-child(3)"));
        assertThat(agents).extracting(WebElement::getText).containsOnly("writer");
        // the oldest writer call carries the hostile reason: shown as text, never run
        browser.findElements(By.cssSelector("#call-list tr.row")).get(29).click();
        waiting().until(d -> d.findElement(By.id("call-detail")).getText().contains("onerror"));
        assertThat(browser.getTitle()).isNotEqualTo("owned");
        assertThat(browser.findElements(By.cssSelector("#call-detail img"))).isEmpty();
    }

    static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (WebElement cell : browser.findElements(By.cssSelector("#call-list tr.row td:first-child"))) {
            ids.add(cell.getText());
        }
        return ids;
    }

    @Test
    void anOperatorPausesAnIntakeAndAcknowledgesAnAlert() {
        logIn();
        browser.get(url("/#intakes"));
        WebElement pause = waiting().until(d -> d.findElements(By.cssSelector("button[id^='pause-']")).stream().findFirst().orElse(null));
        String route = pause.getAttribute("id").substring("pause-".length());
        pause.click();
        waiting().until(d -> "Suspended".equals(keel.camel().getRouteController().getRouteStatus(route).name()));
        waiting().until(d -> d.findElement(By.id("action-list")).getText().contains("pause-intake"));
        browser.findElement(By.id("resume-" + route)).click();
        waiting().until(d -> "Started".equals(keel.camel().getRouteController().getRouteStatus(route).name()));

        browser.get(url("/#alerts"));
        waiting().until(d -> d.findElement(By.id("alert-list-ack-a-2"))).click();
        waiting().until(d -> BOOK.alerts.get(1).acknowledged());
        assertThat(BOOK.alerts.get(1).acknowledgedBy()).isEqualTo("ada");
        assertThat(BOOK.alerts.get(0).acknowledged()).isFalse();
    }

    @Test
    void withoutASessionOrWithABadCsrfTokenTheBrowserIsRefused() {
        logIn();
        Object status = ((ChromeDriver) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/dashboard/alerts/a-1/ack', {method: 'POST', headers: {'X-Keel-CSRF': 'forged'}}).then(r => done(r.status));");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        assertThat(BOOK.alerts.get(0).acknowledged()).isFalse();

        browser.manage().deleteAllCookies();
        browser.get(url("/#calls"));
        waiting().until(d -> d.getCurrentUrl().endsWith("/login"));
        Object api = ((ChromeDriver) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/dashboard/overview').then(r => done(r.status));");
        assertThat(((Number) api).intValue()).isEqualTo(401);
        browser.findElement(By.id("key")).sendKeys(agentKey);
        browser.findElement(By.id("login-button")).click();
        assertThat(browser.findElement(By.id("problem")).getText()).contains("not an operator key");
    }
}
