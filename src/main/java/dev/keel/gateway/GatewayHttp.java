package dev.keel.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.router.ModelGateway;
import dev.keel.router.Tier;
import dev.keel.web.Http;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The HTTP side both agent surfaces share: the JSON body, the x-keel-* headers, keys, status and body out. */
final class GatewayHttp {

    private GatewayHttp() {
    }

    static JsonNode parse(byte[] body, long maxBody) throws Refused {
        if (body != null && body.length > maxBody) {
            throw new Refused(413, "invalid_request_error", "request_too_large",
                    "The request body is " + body.length + " bytes, over the gateway's limit of " + maxBody + ".");
        }
        if (body == null || body.length == 0) {
            throw Refused.invalid("invalid_json", "The request body is empty; send a JSON request.");
        }
        try {
            JsonNode root = Http.mapper().readTree(body);
            if (root == null || !root.isObject()) {
                throw Refused.invalid("invalid_json", "The request body must be a JSON object.");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw Refused.invalid("invalid_json",
                    dev.keel.storage.InputMappers.reason("We could not parse the JSON body of your request", e, 0) + ".");
        } catch (java.io.IOException e) {
            throw Refused.invalid("invalid_json", "The request body could not be read: " + e.getMessage());
        }
    }

    static void headers(Exchange exchange, String provider, String model, Tier tier, String reason) {
        Message out = exchange.getMessage();
        out.setHeader("x-keel-provider", provider);
        out.setHeader("x-keel-model", model);
        if (tier != null) {
            out.setHeader("x-keel-tier", tier.name().toLowerCase(Locale.ROOT));
        }
        out.setHeader("x-keel-route-reason", headerValue(reason));
    }

    static void costHeader(Exchange exchange, double cost) {
        // eight decimals, as String.format's %.8f wrote them, without a Formatter per answer
        exchange.getMessage().setHeader("x-keel-cost-usd",
                java.math.BigDecimal.valueOf(cost).setScale(8, java.math.RoundingMode.HALF_UP).toPlainString());
    }

    /** The request goes on to {@code direct:model-call} as the body; what it ends in goes to the answer step. */
    static void plainCall(Exchange exchange, ModelGateway.Request request) {
        exchange.setProperty(GatewayCall.REQUEST, request);
        exchange.setProperty(GatewayCall.CALL, true);
        exchange.getMessage().setBody(request);
    }

    /** The plain call's result with its headers set, or null when it ended in a refusal, which {@code error} writes. */
    static ModelGateway.Result answered(Exchange exchange, BiConsumer<Exchange, Refused> error) {
        Refused refused = exchange.getProperty(GatewayCall.REFUSED, Refused.class);
        if (refused != null) {
            error.accept(exchange, refused);
            return null;
        }
        ModelGateway.Result result = exchange.getMessage().getBody(ModelGateway.Result.class);
        headers(exchange, result.provider(), result.model(), result.tier(), result.reason());
        costHeader(exchange, result.costUsd());
        return result;
    }

    static void streamHeaders(Exchange exchange, StreamRunner.Started start) {
        headers(exchange, start.provider(), start.model(), null, start.reason());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        exchange.getMessage().setHeader("Cache-Control", "no-cache");
        exchange.getMessage().setBody(start.body());
    }

    /** Header values are ASCII on one line. */
    private static final java.util.regex.Pattern NOT_PRINTABLE_ASCII = java.util.regex.Pattern.compile("[^\\x20-\\x7e]");

    static String headerValue(String text) {
        String ascii = NOT_PRINTABLE_ASCII.matcher(text.replace('→', '>')).replaceAll("?");
        return ascii.length() > 512 ? ascii.substring(0, 511) + "~" : ascii;
    }

    static void write(Exchange exchange, int status, JsonNode body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try { // bytes, not a String Vert.x would encode again and send chunked
            Http.body(exchange, Http.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON answer: " + e.getMessage(), e);
        }
    }

    /** Budgets are daily: a 429 for a budget says when the next day starts. */
    static void retryAfter(Exchange exchange, Refused refused, Clock clock) {
        if (refused.status == 429) {
            ZoneId zone = ZoneId.systemDefault();
            long seconds = Math.max(1, Duration.between(clock.instant(), LocalDate.ofInstant(clock.instant(), zone).plusDays(1)
                    .atStartOfDay(zone).toInstant()).toSeconds());
            exchange.getMessage().setHeader("Retry-After", String.valueOf(seconds));
        }
    }
}
