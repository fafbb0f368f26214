package dev.keel.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.secrets.SecretStore;
import dev.keel.web.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which configured models each provider still serves: asks Anthropic and Moonshot ({@code GET
 * /v1/models}) and Ollama ({@code /api/tags}), and flags a configured model that is not listed,
 * that the provider marks deprecated, or that is past its end-of-life date (providers.yaml's or the
 * provider's {@code retires_at}). The router skips a model its provider answered without; a provider
 * that could not be asked changes nothing.
 */
public final class ModelCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

    /** What one provider listed; {@code error} set when it could not be asked. */
    public record Listing(Set<String> models, Set<String> deprecated, Map<String, LocalDate> retires, String error) {
        static Listing failed(String error) {
            // a refused connection has no message: it is still a failure, never an empty list
            return new Listing(Set.of(), Set.of(), Map.of(), error == null || error.isBlank() ? "no answer" : error);
        }
    }

    /** A configured model that needs attention, and why. */
    public record Finding(String provider, String model, String problem) {
    }

    private final HttpClient http;
    private final SecretStore secrets;
    private final Duration timeout;
    private final Clock clock;
    private volatile Map<String, Listing> listings = Map.of();

    public ModelCatalog(HttpClient http, SecretStore secrets, Duration timeout, Clock clock) {
        this.http = http;
        this.secrets = secrets;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Asks every enabled provider for its models, logs what needs attention and returns it. */
    public List<Finding> refresh(RouterConfig config) {
        Map<String, Listing> fresh = new HashMap<>();
        for (Provider p : config.providers()) {
            if (p.enabled()) {
                fresh.put(p.name(), list(p));
            }
        }
        listings = Map.copyOf(fresh);
        List<Finding> findings = findings(config, fresh, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        findings.forEach(f -> LOG.warn("Model {}/{}: {}", f.provider(), f.model(), f.problem()));
        fresh.forEach((name, l) -> {
            if (l.error() != null) {
                LOG.warn("Could not list {}'s models: {}", name, l.error());
            }
        });
        return findings;
    }

    /** False only when {@code provider} answered its model list without {@code model}. */
    public boolean listed(String provider, String model) {
        Listing l = listings.get(provider);
        return l == null || l.error() != null || l.models().contains(model);
    }

    /** Pure: the configured models that are unlisted, deprecated or past end of life on {@code today}. */
    static List<Finding> findings(RouterConfig config, Map<String, Listing> listings, LocalDate today) {
        List<Finding> out = new ArrayList<>();
        for (Provider p : config.providers()) {
            Listing l = listings.get(p.name());
            for (String model : p.models()) {
                LocalDate eol = p.spec(model).endOfLife();
                if (l != null && l.retires().containsKey(model) && (eol == null || l.retires().get(model).isBefore(eol))) {
                    eol = l.retires().get(model);
                }
                if (l != null && l.error() == null && !l.models().contains(model)) {
                    out.add(new Finding(p.name(), model, p.name() + " no longer lists it, so the router skips it; configure a model"
                            + " from its list"));
                } else if (eol != null && !today.isBefore(eol)) {
                    out.add(new Finding(p.name(), model, "past its end of life (" + eol + "); move to a current model"));
                } else if (l != null && l.deprecated().contains(model)) {
                    out.add(new Finding(p.name(), model, "deprecated by " + p.name() + (eol == null ? "" : ", retires " + eol)));
                } else if (eol != null && !today.plusDays(30).isBefore(eol)) {
                    out.add(new Finding(p.name(), model, "reaches end of life on " + eol));
                }
            }
        }
        return out;
    }

    private Listing list(Provider p) {
        String base = p.baseUrl().toString().replaceAll("/+$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(timeout).GET();
        try {
            switch (p.type()) {
                case OLLAMA -> request.uri(URI.create(base + "/api/tags"));
                case OPENAI_COMPATIBLE -> request.uri(URI.create(base + "/models")).header("Authorization", "Bearer " + key(p));
                case ANTHROPIC -> request.uri(URI.create(base + "/v1/models?limit=1000")).header("x-api-key", key(p))
                        .header("anthropic-version", "2023-06-01");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Listing.failed("HTTP " + response.statusCode());
            }
            return parse(p.type(), Http.mapper().readTree(response.body()));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Listing.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Listing.failed("interrupted");
        }
    }

    private String key(Provider p) {
        return secrets.get(p.keySecret()).map(s -> s.reveal()).orElseThrow(() -> new IllegalArgumentException("no key secret "
                + p.keySecret()));
    }

    /** Ollama's {"models":[{"name"}]}, or the {"data":[{"id", "deprecated_at", "retires_at", "lifecycle"}]} of the others. */
    static Listing parse(Provider.Type type, JsonNode root) {
        Set<String> models = new HashSet<>();
        Set<String> deprecated = new HashSet<>();
        Map<String, LocalDate> retires = new HashMap<>();
        if (type == Provider.Type.OLLAMA) {
            for (JsonNode m : root.path("models")) {
                String name = m.path("name").asText();
                models.add(name);
                models.add(name.endsWith(":latest") ? name.substring(0, name.length() - 7) : name);
            }
            return new Listing(models, deprecated, retires, null);
        }
        for (JsonNode m : root.path("data")) {
            String id = m.path("id").asText();
            models.add(id);
            if (m.hasNonNull("deprecated_at") || "deprecated".equalsIgnoreCase(m.path("lifecycle").asText())) {
                deprecated.add(id);
            }
            date(m.path("retires_at")).ifPresent(d -> retires.put(id, d));
        }
        return new Listing(models, deprecated, retires, null);
    }

    private static Optional<LocalDate> date(JsonNode node) {
        if (!node.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(node.asText()).toLocalDate());
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return Optional.of(LocalDate.parse(node.asText()));
            } catch (java.time.format.DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }
}
