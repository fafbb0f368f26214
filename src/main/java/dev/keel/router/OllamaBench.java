package dev.keel.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.secrets.Publisher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * ops/health/MODEL_BENCH.md (seed role O11): tokens/s of each local model providers.yaml configures,
 * on a fixed prompt, through Ollama's native API (installed models as {@link OllamaCheck} lists them,
 * then {@code /api/generate} with {@code eval_count} and {@code eval_duration}). When Ollama does not
 * answer the report says "skipped" and why.
 */
public final class OllamaBench {

    static final String PROMPT = "List three checks an operations team runs before a nightly batch. Answer in one short sentence each.";

    /** One model's figures, or the reason it has none. */
    public record Row(String model, String status, double tokensPerSecond, long evalCount, long promptTokens, double loadSeconds) {
    }

    /** Built on first use, not at start-up. */
    private static final class Json {
        static final ObjectMapper MAPPER = dev.keel.storage.InputMappers.json();
    }

    private final Supplier<RouterConfig> config;
    private final Duration timeout;
    private HttpClient http;

    public OllamaBench(Supplier<RouterConfig> config, Duration timeout) {
        this.config = config;
        this.timeout = timeout;
    }

    /** Runs the bench and writes the report; returns null when it ran, else the reason it was skipped. */
    public String run(Path report, Instant now) {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        }
        List<Provider> local = config.get().providers().stream().filter(p -> p.local() && p.enabled()).toList();
        List<String> models = local.stream().flatMap(p -> p.models().stream()).toList();
        List<String> skipped = new ArrayList<>();
        List<String> installed = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (Provider provider : local) {
            OllamaCheck.Report tags = OllamaCheck.check(provider, Duration.ofSeconds(5));
            if (tags.error() != null) {
                skipped.add("Ollama did not answer at " + tags.url() + " (" + tags.error() + ")");
                continue;
            }
            installed.addAll(tags.installed());
            for (String model : provider.models()) {
                rows.add(tags.missing().contains(model) ? new Row(model, "not installed (ollama pull " + model + ")", 0, 0, 0, 0)
                        : bench(URI.create(tags.url()), model));
            }
        }
        if (rows.isEmpty()) {
            return skip(report, now, local.isEmpty() ? "providers.yaml has no enabled ollama provider" : String.join("; ", skipped), models);
        }
        Publisher.publish(report, render(now, local, rows, installed, skipped));
        return null;
    }

    private Row bench(URI base, String model) {
        try {
            String body = Json.MAPPER.writeValueAsString(Map.of("model", model, "prompt", PROMPT, "stream", false,
                    "options", Map.of("temperature", 0, "num_predict", 128)));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/generate")).timeout(timeout)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Row(model, "failed: HTTP " + response.statusCode(), 0, 0, 0, 0);
            }
            JsonNode r = Json.MAPPER.readTree(response.body());
            long evalCount = r.path("eval_count").asLong();
            long evalNanos = r.path("eval_duration").asLong();
            double perSecond = evalNanos > 0 ? evalCount / (evalNanos / 1e9) : 0;
            return new Row(model, "ok", perSecond, evalCount, r.path("prompt_eval_count").asLong(), r.path("load_duration").asLong() / 1e9);
        } catch (Exception e) {
            return new Row(model, "failed: " + e.getClass().getSimpleName(), 0, 0, 0, 0);
        }
    }

    private static String skip(Path report, Instant now, String reason, List<String> models) {
        Publisher.publish(report, "# Local model bench\n\nRun " + now.truncatedTo(ChronoUnit.SECONDS) + ": **skipped** — " + reason
                + ".\n\nConfigured local models: " + String.join(", ", models) + ".\n");
        return reason;
    }

    private static String render(Instant now, List<Provider> local, List<Row> rows, List<String> installed, List<String> skipped) {
        StringBuilder md = new StringBuilder("# Local model bench\n\nRun ").append(now.truncatedTo(ChronoUnit.SECONDS))
                .append(" against ").append(local.stream().map(p -> p.name() + " (" + p.baseUrl() + ")").collect(Collectors.joining(", ")))
                .append(", one fixed prompt, temperature 0, at most 128 tokens.\n\n")
                .append("| model | status | tokens/s | tokens | prompt tokens | load s |\n|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.model()).append(" | ").append(row.status()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", row.tokensPerSecond())).append(" | ").append(row.evalCount())
                    .append(" | ").append(row.promptTokens()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", row.loadSeconds())).append(" |\n");
        }
        md.append("\nInstalled in Ollama: ").append(installed.isEmpty() ? "none" : String.join(", ", installed)).append(".\n");
        skipped.forEach(reason -> md.append("\nSkipped: ").append(reason).append(".\n"));
        return md.toString();
    }
}
