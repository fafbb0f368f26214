package dev.keel.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.keel.secrets.SecretMasker;
import java.util.Map;
import org.apache.camel.Exchange;

/** Answers of Keel's HTTP beans: JSON bodies, masked error messages, no request header echoed back. */
public final class Http {

    private Http() {
    }

    /** platform-http sends message headers back as response headers: drop the request's. */
    public static void clear(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
    }

    /** The JSON mapper of Keel's HTTP beans, built on first use. */
    public static com.fasterxml.jackson.databind.ObjectMapper mapper() {
        return WebhookReceiver.json();
    }

    /**
     * A reply body as bytes: platform-http (Vert.x) writes a ByteBuffer at once with its Content-Length, but a byte[]
     * it converts to an InputStream and pumps through a worker thread in 4 KB reads (VertxPlatformHttpSupport).
     */
    public static void body(Exchange exchange, byte[] bytes) {
        exchange.getMessage().setBody(java.nio.ByteBuffer.wrap(bytes));
    }

    public static void json(Exchange exchange, int status, Map<String, Object> body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            exchange.getMessage().setBody(SecretMasker.mask(WebhookReceiver.json().writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void error(Exchange exchange, int status, String message) {
        json(exchange, status, Map.of("error", Map.of("code", status, "message", message)));
    }
}
