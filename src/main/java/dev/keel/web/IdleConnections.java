package dev.keel.web;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a keep-alive connection once it has carried no request for the idle timeout. Camel builds the
 * Vert.x server's options itself (no idle timeout, so an idle connection stayed open for good); this
 * handler sees every request on the application server and times each connection from the end of its
 * last answer, never while a request on it is in flight.
 */
final class IdleConnections implements Handler<RoutingContext> {

    private final long idleMillis;
    private final Map<HttpConnection, Idle> connections = new ConcurrentHashMap<>();

    /** In-flight requests of one connection, and the timer armed when the last one ended. */
    private static final class Idle {
        int inFlight;
        long timer = -1;
    }

    IdleConnections(Duration idle) {
        this.idleMillis = idle.toMillis();
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        Vertx vertx = ctx.vertx();
        Idle idle = connections.computeIfAbsent(connection, c -> new Idle());
        synchronized (idle) {
            idle.inFlight++;
            if (idle.timer >= 0) {
                vertx.cancelTimer(idle.timer);
                idle.timer = -1;
            }
        }
        ctx.addEndHandler(ended -> {
            synchronized (idle) {
                if (--idle.inFlight == 0) {
                    idle.timer = vertx.setTimer(idleMillis, id -> close(connection, idle));
                }
            }
        });
        ctx.next();
    }

    private void close(HttpConnection connection, Idle idle) {
        synchronized (idle) {
            if (idle.inFlight > 0) {
                return;
            }
            connections.remove(connection);
        }
        connection.close();
    }
}
