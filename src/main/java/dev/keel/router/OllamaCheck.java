package dev.keel.router;

import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed role O11 at start-up: asks each Ollama provider which models it has installed ({@code /api/tags},
 * through langchain4j's OllamaModels), reports configured models that are missing, and optionally
 * pulls them ({@code POST /api/pull}). Ollama being down is reported, never fatal.
 */
public final class OllamaCheck {

    private static final Logger LOG = LoggerFactory.getLogger(OllamaCheck.class);

    /** One provider's models: installed, configured but missing, or why Ollama could not be asked. */
    public record Report(String provider, String url, List<String> installed, List<String> missing, String error) {
    }

    private OllamaCheck() {
    }

    public static List<Report> check(RouterConfig config, Duration timeout) {
        List<Report> reports = new ArrayList<>();
        for (Provider p : config.providers()) {
            if (p.local() && p.enabled()) {
                reports.add(check(p, timeout));
            }
        }
        return reports;
    }

    static Report check(Provider p, Duration timeout) {
        String url = base(p);
        try {
            List<OllamaModel> models = OllamaModels.builder().baseUrl(url).timeout(timeout).maxRetries(0).build().availableModels().content();
            List<String> installed = models.stream().map(OllamaModel::getName).sorted().toList();
            Set<String> names = installed.stream().flatMap(n -> n.endsWith(":latest")
                    ? java.util.stream.Stream.of(n, n.substring(0, n.length() - ":latest".length())) : java.util.stream.Stream.of(n))
                    .collect(Collectors.toSet());
            List<String> missing = p.models().stream().filter(m -> !names.contains(m)).toList();
            if (missing.isEmpty()) {
                LOG.info("Ollama {} has every configured model: {}", p.name(), String.join(", ", p.models()));
            } else {
                LOG.warn("Ollama {} at {} lacks configured models {}: pull them (ollama pull <model>) or set keel.ollama.pull-missing=true",
                        p.name(), url, missing);
            }
            return new Report(p.name(), url, installed, missing, null);
        } catch (RuntimeException e) {
            String why = FailureClassifier.describe(e);
            LOG.warn("Ollama {} at {} could not list its models ({}); local calls will fail over until it answers", p.name(), url, why);
            return new Report(p.name(), url, List.of(), List.of(), why);
        }
    }

    /** Pulls each missing model, one at a time; returns the ones that failed with why. */
    public static List<String> pull(Report report, Duration timeout) {
        List<String> failed = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String model : report.missing()) {
            LOG.info("Pulling {} into Ollama {}", model, report.provider());
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(report.url() + "/api/pull")).timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":" + quote(model) + ",\"stream\":false}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    failed.add(model + ": HTTP " + response.statusCode() + " " + response.body());
                }
            } catch (java.io.IOException e) {
                failed.add(model + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(model + ": interrupted");
                break;
            }
        }
        failed.forEach(f -> LOG.warn("Ollama {} could not pull {}", report.provider(), f));
        return failed;
    }

    private static String base(Provider p) {
        return p.baseUrl().toString().replaceAll("/+$", "");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
