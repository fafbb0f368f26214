package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.keel.guard.ResourceGuard;
import dev.keel.router.RouterConfig;
import dev.keel.support.Files2;
import dev.keel.support.Samples;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model pull that hangs (keel.ollama.pull-missing) does not stop the guard's sampling: a hot host still reaches CRITICAL. */
class GuardDuringPullTest {

    @TempDir
    Path home;

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void theGuardReachesCriticalWhileAnOllamaPullIsInProgress() throws Exception {
        CountDownLatch pullStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean pullAnswered = new AtomicBoolean();
        HttpServer ollama = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ollama.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        ollama.createContext("/api/tags", exchange -> answer(exchange, "{\"models\":[]}"));
        ollama.createContext("/api/pull", exchange -> {
            pullStarted.countDown();
            try {
                release.await(60, TimeUnit.SECONDS); // a 4 GB download
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pullAnswered.set(true);
            answer(exchange, "{\"status\":\"success\"}");
        });
        ollama.start();
        CamelContext camel = new DefaultCamelContext();
        try {
            String builtIn;
            try (InputStream in = RouterConfig.class.getResourceAsStream("/providers.yaml")) {
                builtIn = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path providers = Files.writeString(home.resolve("providers.yaml"),
                    builtIn.replace("http://localhost:11434", "http://127.0.0.1:" + ollama.getAddress().getPort()));
            Properties system = new Properties();
            system.setProperty("keel.home", home.toString());
            system.setProperty("keel.router.providers-file", providers.toString());
            system.setProperty("keel.ollama.pull-missing", "true");
            system.setProperty("keel.guard.sample-interval", "1s");
            AreaSettings areas = AreaSettings.from(KeelSettings.resolve(KeelRuntime.classpathProperties(), new Properties(), Map.of(), system));
            Clock clock = Clock.systemUTC();
            ResourceGuard guard = GuardWiring.bind(camel, areas, () -> Samples.at(0, 99, 10, 10), new SimpleMeterRegistry(), clock);
            camel.start();

            RouterWiring.reportInBackground(camel, areas.router(), areas.storage(), clock, RouterConfig.load(providers));

            assertThat(pullStarted.await(20, TimeUnit.SECONDS)).as("Keel asked the fake Ollama to pull the missing models").isTrue();
            assertThat(Files2.await(() -> "CRITICAL".equals(guard.getState()), Duration.ofSeconds(20))).as("the guard sampled").isTrue();
            assertThat(pullAnswered).as("the pull is still going").isFalse();
            assertThat(guard.getSamples()).isPositive();
        } finally {
            release.countDown();
            // the report thread writes ROUTER.md once more after the pull: let it finish before the folder goes
            Files2.await(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().contains("keel-router-report")),
                    Duration.ofSeconds(20));
            camel.stop();
            ollama.stop(0);
        }
    }
}
