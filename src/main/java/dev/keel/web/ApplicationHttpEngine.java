package dev.keel.web;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Binds platform-http routes (webhooks, task status) to the application server. Camel 4.17's engine
 * finds "the" server by type, and with the management server beside it there are two, so it falls
 * back to port 8080 and routes fail on any other port; this engine names the configured port. It also
 * puts Keel's {@link HttpFront} on that server's router, once, when the first route binds to it.
 */
public final class ApplicationHttpEngine extends VertxPlatformHttpEngine {

    private final int port;
    private final HttpFront front;
    private final AtomicBoolean installed = new AtomicBoolean();

    public ApplicationHttpEngine(int port, HttpFront front) {
        this.port = port;
        this.front = front;
    }

    @Override
    public int getServerPort() {
        return port;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        if (!installed.get()) {
            VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                    VertxPlatformHttpRouter.getRouterNameFromPort(port));
            if (router == null) {
                // a port of 0 is registered under its own name (as the consumer looks it up)
                router = VertxPlatformHttpRouter.lookup(getCamelContext(), VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO);
            }
            if (router == null) {
                throw new IllegalStateException("no HTTP server on port " + port + " to bind " + endpoint.getPath() + " to");
            }
            if (installed.compareAndSet(false, true)) {
                front.installOn(router);
            }
        }
        return super.createConsumer(endpoint, processor);
    }
}
