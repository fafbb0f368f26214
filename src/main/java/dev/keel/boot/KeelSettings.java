package dev.keel.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keel's resolved {@code keel.*} settings. The documented defaults in application.properties name
 * every key; later layers (keel.properties, environment, system properties) override them. Typed
 * getters fail with a {@link ConfigException} that names the key, where the value came from and
 * the fix.
 */
public final class KeelSettings {

    /** keel.log.dir, keel.log.level, keel.log.camel-level: read by logging (secrets.KeelLogging), not settings. */
    private static final String LOGGING = "keel.log.";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private KeelSettings(Map<String, String> values, Map<String, String> origins) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.origins = Map.copyOf(origins);
    }

    /** Layers, lowest first: documented defaults, the user's keel.properties, environment, system properties. */
    public static KeelSettings resolve(Properties defaults, Properties userFile, Map<String, String> env, Properties system) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        defaults.stringPropertyNames().stream().filter(k -> k.startsWith("keel."))
                .forEach(k -> {
                    values.put(k, defaults.getProperty(k).trim());
                    origins.put(k, "the default in application.properties");
                });
        layer(userFile, "keel.properties", values, origins);
        for (String key : values.keySet().toArray(String[]::new)) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv.trim());
                origins.put(key, "environment variable " + envName(key));
            }
        }
        layer(system, "-D", values, origins);
        return new KeelSettings(values, origins);
    }

    /** Settings from plain values, as tests and the Camel properties component give them. */
    public static KeelSettings of(Map<String, String> values) {
        return new KeelSettings(values, Map.of());
    }

    private static void layer(Properties layer, String origin, Map<String, String> values, Map<String, String> origins) {
        for (String key : layer.stringPropertyNames()) {
            if (!key.startsWith("keel.") || key.startsWith(LOGGING)) {
                continue;
            }
            if (!values.containsKey(key)) {
                throw new ConfigException(key, "not a Keel setting (from " + origin + ")" + suggestion(key, values)
                        + "; every key is listed in application.properties");
            }
            values.put(key, layer.getProperty(key).trim());
            origins.put(key, origin.equals("-D") ? "-D" + key : origin);
        }
    }

    private static String suggestion(String key, Map<String, String> values) {
        return values.keySet().stream()
                .filter(k -> distance(k, key) <= 3)
                .findFirst().map(k -> ", did you mean " + k + "?").orElse("");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }

    /** The environment variable that overrides a key: {@code keel.health.interval} → {@code KEEL_HEALTH_INTERVAL}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public Map<String, String> asMap() {
        return values;
    }

    public String text(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new ConfigException(key, "is missing; add it to keel.properties or set " + envName(key));
        }
        return value;
    }

    public int integer(String key, int min, int max) {
        String raw = text(key);
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw fail(key, raw, "is out of range; use a whole number from " + min + " to " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw fail(key, raw, "is not a whole number; use one from " + min + " to " + max);
        }
    }

    public double percent(String key) {
        String raw = text(key);
        try {
            double value = Double.parseDouble(raw);
            if (value <= 0 || value > 100) {
                throw fail(key, raw, "is not a percentage; use a number above 0 and at most 100");
            }
            return value;
        } catch (NumberFormatException e) {
            throw fail(key, raw, "is not a number; use a percentage such as 85");
        }
    }

    /** A duration written as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT5M}). */
    public Duration duration(String key, Duration min, Duration max) {
        String raw = text(key);
        Duration value = parseDuration(raw);
        if (value == null) {
            throw fail(key, raw, "is not a duration; write it like 30s, 5m or 1h");
        }
        if (value.compareTo(max) > 0) {
            throw fail(key, raw, "is over the limit of " + human(max) + "; set it to " + human(max) + " or less");
        }
        if (value.compareTo(min) < 0) {
            throw fail(key, raw, "is under the minimum of " + human(min) + "; set it to " + human(min) + " or more");
        }
        return value;
    }

    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        String raw = text(key);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw.replace('-', '_'))) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
        throw fail(key, raw, "is not a known value; use one of: " + allowed);
    }

    public boolean flag(String key) {
        String raw = text(key);
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        throw fail(key, raw, "is not true or false");
    }

    /** Keel's home folder, against which every relative folder setting is resolved. */
    public Path home() {
        return Path.of(text("keel.home")).toAbsolutePath().normalize();
    }

    public Path folder(String key) {
        Path path = Path.of(text(key));
        return (path.isAbsolute() ? path : home().resolve(path)).normalize();
    }

    /** A comma-separated list of names (agents, webhook sources): letters, digits, '.', '_' and '-' each. */
    public java.util.List<String> names(String key) {
        java.util.List<String> names = Arrays.stream(text(key).split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw fail(key, text(key), "has the name '" + name + "'; use letters, digits, '.', '_' and '-', names separated by commas");
            }
        }
        return names;
    }

    /** A value that may not be empty or hold spaces: a host name, a user name, a variable name. */
    public String word(String key) {
        String raw = text(key);
        if (raw.isEmpty() || raw.chars().anyMatch(Character::isWhitespace)) {
            throw fail(key, raw, "must be one word without spaces");
        }
        return raw;
    }

    /** A folder Keel reads or creates: absent is fine, a file in its place is not. */
    public Path checkedFolder(String key) {
        Path path = folder(key);
        if (java.nio.file.Files.exists(path) && !java.nio.file.Files.isDirectory(path)) {
            throw fail(key, text(key), "is a file, not a folder; point " + key + " at a folder");
        }
        return path;
    }

    /** A file Keel reads when it exists: absent is fine, a folder in its place is not. */
    public Path checkedFile(String key) {
        Path path = folder(key);
        if (java.nio.file.Files.isDirectory(path)) {
            throw fail(key, text(key), "is a folder, not a file; point " + key + " at a file");
        }
        return path;
    }

    public ConfigException fail(String key, String value, String problem) {
        String origin = origins.get(key);
        String where = origin == null ? "" : " (from " + origin + ")";
        return new ConfigException(key, "'" + value + "'" + where + " " + problem);
    }

    public static Duration parseDuration(String raw) {
        String text = raw.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("pt") || text.startsWith("p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                return null;
            }
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static String human(Duration d) {
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + " min";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }
}
