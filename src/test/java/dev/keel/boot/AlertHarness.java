package dev.keel.boot;

import com.sun.net.httpserver.HttpServer;
import dev.keel.alert.AlertSettings;
import dev.keel.alert.AlertStore;
import dev.keel.alert.Snapshot;
import dev.keel.db.KeelDatabase;
import dev.keel.secrets.Secret;
import dev.keel.storage.StorageLayout;
import dev.keel.support.ManualClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * The alerts route from routes/alerts.camel.yaml with the real wiring (AlertWiring), on an H2 file database in the test's
 * home, a hand-moved clock and a snapshot the test sets; the timer is replaced by direct:alerts-tick so each round is one
 * call. A test sink (an in-process HTTP server) records every request and answers with the statuses queued in {@link #answers}.
 */
final class AlertHarness implements AutoCloseable {

    /** One request the test sink received. */
    record Request(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst()
                    .orElse(null);
        }
    }

    final Path home;
    final ManualClock clock;
    final AtomicReference<Snapshot> snapshot;
    final Map<String, String> secrets = new ConcurrentHashMap<>();
    final List<Request> received = new CopyOnWriteArrayList<>();
    final Deque<Integer> answers = new ConcurrentLinkedDeque<>();
    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer sink;
    private final AlertSettings settings;
    private KeelDatabase database;
    private DefaultCamelContext camel;
    AlertStore book;

    AlertHarness(Path home, String alertsYaml, Instant start, Snapshot initial, int maxAttempts) throws Exception {
        this.home = home;
        this.clock = new ManualClock(start);
        this.snapshot = new AtomicReference<>(initial);
        sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    new String(body, StandardCharsets.UTF_8)));
            Integer status = answers.poll();
            byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        sink.start();
        Files.createDirectories(home.resolve("ops/configs"));
        Files.writeString(home.resolve("ops/configs/alerts.yaml"), alertsYaml.replace("SINK", "http://127.0.0.1:" + sink.getAddress().getPort()));
        settings = new AlertSettings(home.resolve("ops/configs/alerts.yaml"), Duration.ofSeconds(1), Duration.ofSeconds(10), maxAttempts);
        start();
    }

    String sinkUrl() {
        return "http://127.0.0.1:" + sink.getAddress().getPort();
    }

    /** (Re)starts the database and Camel, as a restart of Keel would. */
    void start() throws Exception {
        java.util.Properties system = new java.util.Properties();
        system.setProperty("keel.db.url", "jdbc:h2:file:./data/keel");
        KeelSettings resolved = KeelRuntime.settings(home, Map.of(), system);
        database = KeelDatabase.open(resolved);
        camel = new DefaultCamelContext();
        StorageLayout layout = StorageLayout.from(resolved);
        book = AlertWiring.bind(camel, settings, layout, new StorageWiring.Storage(database, null), at -> snapshot.get(),
                name -> Optional.ofNullable(secrets.get(name)).map(v -> new Secret(name, v, "file " + name, clock.instant())), meters, clock);
        var loader = PluginHelper.getRoutesLoader(camel);
        loader.loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/error-handling.camel.yaml"));
        loader.loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/alerts.camel.yaml"));
        AdviceWith.adviceWith(camel, "alerts", a -> a.replaceFromWith("direct:alerts-tick"));
        camel.start();
    }

    void stop() {
        camel.stop();
        database.close();
    }

    /** One round of the route at the clock's time. */
    void tick() {
        camel.createProducerTemplate().sendBody("direct:alerts-tick", null);
    }

    void tickAt(Instant at) {
        clock.now = at;
        tick();
    }

    /** "fire guard-critical" for each webhook request received so far. */
    List<String> webhookEvents() {
        List<String> events = new ArrayList<>();
        for (Request r : received) {
            String body = r.body();
            try {
                var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
                String subject = node.path("alert").path("subject").asText();
                events.add(node.path("event").asText() + " " + node.path("alert").path("rule").asText() + (subject.isEmpty() ? "" : "/" + subject));
            } catch (IOException e) {
                events.add("not JSON: " + body);
            }
        }
        return events;
    }

    String alertsMd() throws IOException {
        return Files.readString(home.resolve("ops/health/ALERTS.md"));
    }

    @Override
    public void close() {
        stop();
        sink.stop(0);
    }
}
