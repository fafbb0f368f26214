package dev.keel.boot;

/** The HTTP and management servers' keel.http.* and keel.management.* settings, validated. */
public record ServerSettings(String httpHost, int httpPort, String managementHost, int managementPort,
                             java.time.Duration idleTimeout, java.util.List<String> managementOrigins) {

    public static ServerSettings from(KeelSettings settings) {
        return new ServerSettings(settings.word("keel.http.host"), settings.integer("keel.http.port", 0, 65535),
                settings.word("keel.management.host"), settings.integer("keel.management.port", 0, 65535),
                settings.duration("keel.http.idle-timeout", java.time.Duration.ofSeconds(1), java.time.Duration.ofHours(1)),
                origins(settings));
    }

    private static java.util.List<String> origins(KeelSettings settings) {
        java.util.List<String> origins = java.util.Arrays.stream(settings.text("keel.management.allowed-origins").split(","))
                .map(String::strip).filter(o -> !o.isEmpty()).toList();
        for (String origin : origins) {
            if (!origin.matches("https?://[^/\\s]+")) {
                throw settings.fail("keel.management.allowed-origins", settings.text("keel.management.allowed-origins"),
                        "has '" + origin + "'; write each origin as scheme://host:port, e.g. http://127.0.0.1:8080");
            }
        }
        return origins;
    }
}
