package dev.keel.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import dev.keel.router.classify.RoutingRules;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * providers.yaml, read and checked: every mistake is one line naming the provider and field; with the
 * content classifier's rules (the built-in ones unless {@link #withRules} gives the operator's).
 */
public record RouterConfig(List<Provider> providers, Map<Tier, Double> targetMix, double mixTolerance,
                           Set<String> criticalKinds, Set<String> reasoningKinds, List<String> fallback, RoutingRules rules) {

    private static final String KEY = "keel.router.providers-file";

    /** keel.router.providers-file with the routing rules of keel.router.routing-file over the built-in ones. */
    public static RouterConfig from(KeelSettings settings) {
        return RouterSettings.from(settings).config();
    }

    /** The file if it exists, else the copy built into Keel. */
    public static RouterConfig load(Path file) {
        try {
            if (file != null && Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    return parse(in, file.toString());
                }
            }
            try (InputStream in = RouterConfig.class.getResourceAsStream("/providers.yaml")) {
                return parse(in, "built-in providers.yaml");
            }
        } catch (IOException e) {
            throw new ConfigException(KEY, "cannot read " + file + ": " + e.getMessage());
        }
    }

    static RouterConfig parse(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = dev.keel.storage.InputMappers.yaml().readTree(in);
        } catch (IOException e) {
            throw new ConfigException(KEY, source + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<Provider> providers = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode p : root.path("providers")) {
            Provider provider = provider(p, source);
            if (!names.add(provider.name())) {
                throw new ConfigException(KEY, source + ": provider '" + provider.name() + "' is listed twice");
            }
            providers.add(provider);
        }
        if (providers.isEmpty()) {
            throw new ConfigException(KEY, source + " lists no providers");
        }
        JsonNode routing = root.path("routing");
        Map<Tier, Double> mix = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            mix.put(tier, routing.path("target-mix").path(tier.name().toLowerCase(Locale.ROOT)).asDouble(0));
        }
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(total - 100) > 0.01) {
            throw new ConfigException(KEY, source + ": routing.target-mix adds up to " + total + ", not 100");
        }
        List<String> fallback = strings(routing.path("fallback"));
        for (String name : fallback) {
            if (!names.contains(name)) {
                throw new ConfigException(KEY, source + ": routing.fallback names '" + name + "', which is not a provider");
            }
        }
        return new RouterConfig(List.copyOf(providers), mix, routing.path("mix-tolerance").asDouble(5),
                Set.copyOf(strings(routing.path("critical-kinds"))), Set.copyOf(strings(routing.path("reasoning-kinds"))),
                fallback.isEmpty() ? providers.stream().map(Provider::name).toList() : fallback, RoutingRules.builtIn());
    }

    private static Provider provider(JsonNode p, String source) {
        String name = p.path("name").asText("");
        if (name.isBlank()) {
            throw new ConfigException(KEY, source + ": a provider has no name");
        }
        String where = source + ": provider '" + name + "'";
        Provider.Type type = choice(Provider.Type.class, p.path("type").asText(""), where + " type");
        Tier tier = choice(Tier.class, p.path("tier").asText(""), where + " tier");
        Map<String, ModelSpec> specs = ModelSpecs.parse(p, where);
        List<String> models = List.copyOf(specs.keySet());
        if (models.isEmpty()) {
            throw new ConfigException(KEY, where + " lists no models");
        }
        String keySecret = p.path("key-secret").asText(null);
        if (type != Provider.Type.OLLAMA && (keySecret == null || keySecret.isBlank())) {
            throw new ConfigException(KEY, where + " needs key-secret: the name of the secret holding its API key");
        }
        if (keySecret != null && (keySecret.startsWith("sk-") || keySecret.startsWith("gsk_") || keySecret.length() > 64)) {
            throw new ConfigException(KEY, where + ": key-secret must name a secret, not hold a key");
        }
        URI base;
        try {
            base = URI.create(p.path("base-url").asText(""));
            if (base.getScheme() == null || base.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(KEY, where + " base-url is not a URL: " + e.getMessage());
        }
        JsonNode price = p.path("price");
        Price prices = new Price(price.path("input").asDouble(0), price.path("output").asDouble(0),
                price.path("cached-input").asDouble(price.path("input").asDouble(0)), price.path("cache-write").asDouble(0));
        if (type != Provider.Type.OLLAMA && prices.input() <= 0 && prices.output() <= 0) {
            throw new ConfigException(KEY, where + " has no price: cost per call is tracked, so set price.input and price.output");
        }
        return new Provider(name, type, tier, base, keySecret, models, p.path("context-window").asInt(8192), prices,
                p.path("local-rate-per-hour").asDouble(0), p.path("daily-budget-usd").asDouble(0), p.path("rpm").asInt(0),
                p.path("tpm").asInt(0), p.path("max-concurrency").asInt(16), p.path("enabled").asBoolean(true), specs);
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String raw, String what) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(raw.replace('-', '_'))) {
                return e;
            }
        }
        throw new ConfigException(KEY, what + " '" + raw + "' is not one of "
                + List.of(type.getEnumConstants()).toString().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The same providers and policy with {@code other} as the content classifier's rules. */
    public RouterConfig withRules(RoutingRules other) {
        return new RouterConfig(providers, targetMix, mixTolerance, criticalKinds, reasoningKinds, fallback, other);
    }

    public Provider provider(String name) {
        for (Provider p : providers) { // asked on every call: a loop, not a stream
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
