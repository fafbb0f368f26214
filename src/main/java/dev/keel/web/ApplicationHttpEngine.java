package dev.keel.web;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * Binds platform-http routes (webhooks, task status) to the application server. Camel 4.17's engine
 * finds "the" server by type, and with the management server beside it there are two, so it falls
 * back to port 8080 and routes fail on any other port; this engine names the configured port.
 */
public final class ApplicationHttpEngine extends VertxPlatformHttpEngine {

    private final int port;

    public ApplicationHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public int getServerPort() {
        return port;
    }
}
