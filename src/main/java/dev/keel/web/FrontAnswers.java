package dev.keel.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.secrets.SecretMasker;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers written by the Vert.x handlers in front of the routes, in each surface's error format: Keel's
 * {@code {"error":{"code","message"}}} (webhooks, task status) and OpenAI's for the agents' gateway.
 */
final class FrontAnswers {

    private FrontAnswers() {
    }

    static void keel(RoutingContext ctx, int status, String message) {
        ObjectNode body = Http.mapper().createObjectNode();
        body.putObject("error").put("code", status).put("message", message);
        end(ctx, status, body);
    }

    static void openAi(RoutingContext ctx, int status, String type, String code, String message) {
        ObjectNode body = Http.mapper().createObjectNode();
        body.putObject("error").put("message", message).put("type", type).putNull("param").put("code", code);
        end(ctx, status, body);
    }

    /** The surface {@code path} belongs to answers {@code status} with {@code message}. */
    static void forPath(RoutingContext ctx, int status, String code, String message) {
        if (ctx.normalizedPath().startsWith(GatewayAdmission.PREFIX)) {
            openAi(ctx, status, status >= 500 ? "server_error" : "invalid_request_error", code, message);
        } else {
            keel(ctx, status, message);
        }
    }

    private static void end(RoutingContext ctx, int status, ObjectNode body) {
        if (ctx.response().ended()) {
            return;
        }
        // masked like every answer of Keel's HTTP beans: a refusal may quote a header that holds a key
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(SecretMasker.mask(body.toString()));
    }
}
