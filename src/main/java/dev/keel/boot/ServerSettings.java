package dev.keel.boot;

/** The HTTP and management servers' keel.http.* and keel.management.* settings, validated. */
public record ServerSettings(String httpHost, int httpPort, String managementHost, int managementPort) {

    public static ServerSettings from(KeelSettings settings) {
        return new ServerSettings(settings.word("keel.http.host"), settings.integer("keel.http.port", 0, 65535),
                settings.word("keel.management.host"), settings.integer("keel.management.port", 0, 65535));
    }
}
