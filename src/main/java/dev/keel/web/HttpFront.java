package dev.keel.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Vert.x handlers in front of the platform-http routes of the application server, for what must happen
 * before Camel reads a body or takes a worker thread: idle connections closed, the agents' calls bounded
 * ({@link GatewayAdmission}), bodies over a surface's limit and unsigned webhooks refused from their
 * headers alone, and a body over the server's limit answered in the surface's JSON error format.
 */
public final class HttpFront {

    /** Worker threads kept for webhooks, task status, /v1/models and the dashboard, whatever the agents' calls hold. */
    public static final int RESERVED_WORKERS = 16;
    static final String HOOKS = "/hooks/";

    /** The application server's limits; bodies in bytes. */
    public record Limits(Duration idle, int gatewayCalls, long webhookMaxBody, long gatewayMaxBody, long serverMaxBody) {
    }

    private final Limits limits;
    private final Supplier<WebhookReceiver> webhooks;
    private final GatewayAdmission admission;
    private final IdleConnections idle;

    public HttpFront(Limits limits, Supplier<WebhookReceiver> webhooks) {
        this.limits = limits;
        this.webhooks = webhooks;
        this.admission = new GatewayAdmission(limits.gatewayCalls());
        this.idle = new IdleConnections(limits.idle());
    }

    /** The Vert.x worker pool the HTTP servers need: the agents' calls plus the reserve. */
    public static int workerPoolSize(int gatewayCalls) {
        return gatewayCalls + RESERVED_WORKERS;
    }

    /** Orders below Camel's routes (which count up from 0), so these run first. */
    void installOn(Router router) {
        router.route().order(-3).handler(idle);
        router.route().order(-2).handler(this::beforeTheBody);
        router.route().order(-1).handler(admission);
        // Vert.x's body handler fails a body over camel.server.maxBodySize with 413, which the root router (not
        // reachable from Camel) answers in plain text; a failure handler on this router answers first
        router.route().order(-4).failureHandler(this::failed);
    }

    private void failed(RoutingContext ctx) {
        if (ctx.statusCode() != 413) {
            ctx.next();
            return;
        }
        FrontAnswers.forPath(ctx, 413, "request_too_large", "The request body is over the server's limit of "
                + limits.serverMaxBody() + " bytes.");
    }

    private void beforeTheBody(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.POST) {
            ctx.next();
            return;
        }
        String path = ctx.normalizedPath();
        long length = contentLength(ctx);
        if (path.startsWith(HOOKS)) {
            if (length > limits.webhookMaxBody()) {
                FrontAnswers.keel(ctx, 413, "body is " + length + " bytes, over the limit of " + limits.webhookMaxBody());
                return;
            }
            var refused = webhooks.get().refuseBeforeTheBody(path.substring(HOOKS.length()), ctx.request().getHeader("X-Keel-Source"),
                    ctx.request().getHeader("X-Keel-Timestamp"), ctx.request().getHeader("X-Keel-Signature-256"));
            if (refused.isPresent()) {
                FrontAnswers.keel(ctx, 401, refused.get());
                return;
            }
        } else if (path.startsWith(GatewayAdmission.PREFIX) && length > limits.gatewayMaxBody()) {
            FrontAnswers.openAi(ctx, 413, "invalid_request_error", "request_too_large", "The request body is " + length
                    + " bytes, over the gateway's limit of " + limits.gatewayMaxBody() + ".");
            return;
        }
        ctx.next();
    }

    private static long contentLength(RoutingContext ctx) {
        String header = ctx.request().getHeader("Content-Length");
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The agents' calls in flight now. */
    public int gatewayCallsInFlight() {
        return admission.inFlight();
    }
}
