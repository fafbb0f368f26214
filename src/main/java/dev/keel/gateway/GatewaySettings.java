package dev.keel.gateway;

import dev.keel.boot.KeelSettings;
import java.util.List;

/** The agents' gateway's keel.gateway.* settings, validated. */
public record GatewaySettings(List<String> agents, long maxBodyBytes, int maxStreams, long maxImageBytes, boolean imageFetchPrivate,
                              int maxCalls) {

    public static GatewaySettings from(KeelSettings settings) {
        return new GatewaySettings(settings.names("keel.gateway.agents"),
                settings.integer("keel.gateway.max-body-kb", 1, 1_048_576) * 1024L,
                settings.integer("keel.gateway.max-streams", 1, 10_000),
                settings.integer("keel.gateway.max-image-kb", 1, 1_048_576) * 1024L,
                settings.flag("keel.gateway.image-fetch-private"),
                settings.integer("keel.gateway.max-calls", 1, 10_000));
    }
}
