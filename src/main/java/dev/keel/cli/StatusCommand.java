package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code keel status}: asks a running Keel's /observe/health and prints each check. Exit 0 UP, 1 DOWN, 3 not running. */
@Command(name = "status", description = "Show the health of a running Keel (its /observe/health).")
public final class StatusCommand implements Callable<Integer> {

    public static final int NOT_RUNNING = 3;

    @ParentCommand
    Keel parent;

    @Override
    public Integer call() throws Exception {
        KeelSettings settings;
        try {
            settings = Keel.settings(parent);
        } catch (ConfigException e) {
            return Keel.configError(e.getMessage());
        }
        String host = settings.text("keel.management.host");
        String target = "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":"
                + settings.text("keel.management.port") + "/observe/health";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            System.out.println("Keel is not running (nothing answers at " + target + ")");
            return NOT_RUNNING;
        }
        JsonObject health = (JsonObject) Jsoner.deserialize(response.body());
        System.out.println("Keel " + health.getString("status") + "  (" + target + ")");
        JsonArray checks = health.getCollection("checks");
        if (checks != null) {
            for (Object item : checks) {
                JsonObject check = (JsonObject) item;
                Map<String, Object> details = check.getMap("details");
                String detail = details == null ? "" : details.entrySet().stream()
                        .filter(e -> !e.getKey().startsWith("check.") && !e.getKey().startsWith("invocation.")
                                && !e.getKey().startsWith("failure.") && !e.getKey().startsWith("success."))
                        .map(e -> e.getKey() + "=" + e.getValue()).sorted().reduce((a, b) -> a + " " + b).orElse("");
                System.out.printf("  %-28s %-5s %s%n", check.getString("name"), check.getString("status"),
                        check.getStringOrDefault("message", detail));
            }
        }
        return "UP".equals(health.getString("status")) ? 0 : 1;
    }
}
