package dev.keel.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Semaphore;

/**
 * Bounds the agents' calls (POST under /v1/) in flight at once, streamed ones until their last event.
 * platform-http runs every route on the Vert.x worker pool and waits there while a provider answers, so
 * without a bound 20 calls to a provider that never answers held every worker and webhooks, task status
 * and /v1/models stopped answering. Keel sizes the worker pool to this limit plus a reserve (see
 * {@link HttpFront#workerPoolSize}); past the limit a call is answered at once with 503 and OpenAI's error body.
 */
final class GatewayAdmission implements Handler<RoutingContext> {

    static final String PREFIX = "/v1/";

    private final int limit;
    private final Semaphore calls;

    GatewayAdmission(int limit) {
        this.limit = limit;
        this.calls = new Semaphore(limit);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.POST || !ctx.normalizedPath().startsWith(PREFIX)) {
            ctx.next();
            return;
        }
        if (!calls.tryAcquire()) {
            ctx.response().putHeader("Retry-After", "1");
            FrontAnswers.openAi(ctx, 503, "server_error", "gateway_busy", "Keel is serving its limit of " + limit
                    + " agent calls at once (keel.gateway.max-calls), all waiting on providers; retry shortly.");
            return;
        }
        ctx.addEndHandler(ended -> calls.release());
        ctx.next();
    }

    /** Calls admitted now. */
    int inFlight() {
        return limit - calls.availablePermits();
    }
}
