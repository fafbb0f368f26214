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

    private final long idleNanos;
    private final Map<HttpConnection, Idle> connections = new ConcurrentHashMap<>();

    /**
     * In-flight requests of one connection, when its last answer ended, and its timer. The timer is not re-armed per
     * request (two timer operations on the event loop per call): when it fires on a connection used since, it is armed
     * again for the time left.
     */
    private static final class Idle {
        int inFlight;
        long lastEnd;
        long timer = -1;
    }

    IdleConnections(Duration idle) {
        this.idleNanos = idle.toNanos();
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        Vertx vertx = ctx.vertx();
        Idle idle = connections.computeIfAbsent(connection, c -> new Idle());
        synchronized (idle) {
            idle.inFlight++;
        }
        ctx.addEndHandler(ended -> {
            synchronized (idle) {
                if (--idle.inFlight == 0) {
                    idle.lastEnd = System.nanoTime();
                    if (idle.timer < 0) {
                        arm(vertx, connection, idle, idleNanos);
                    }
                }
            }
        });
        ctx.next();
    }

    private void arm(Vertx vertx, HttpConnection connection, Idle idle, long nanos) {
        idle.timer = vertx.setTimer(Math.max(1, nanos / 1_000_000), id -> check(vertx, connection, idle));
    }

    private void check(Vertx vertx, HttpConnection connection, Idle idle) {
        synchronized (idle) {
            idle.timer = -1;
            if (idle.inFlight > 0) {
                return; // the last request to end arms it again
            }
            long left = idle.lastEnd + idleNanos - System.nanoTime();
            if (left > 0) {
                arm(vertx, connection, idle, left);
                return;
            }
            connections.remove(connection);
        }
        connection.close();
    }
}
