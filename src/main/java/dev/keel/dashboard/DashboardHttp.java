package dev.keel.dashboard;

import dev.keel.web.Http;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * What the dashboard's beans read of a request (cookies, form fields, the path, TLS) and how they answer: every answer
 * carries a strict Content-Security-Policy (scripts and styles from the jar only), no caching, no framing.
 */
public final class DashboardHttp {

    public static final String SESSION_COOKIE = "keel_session";
    public static final String LOGIN_COOKIE = "keel_login";
    public static final String CSRF_HEADER = "X-Keel-CSRF";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private DashboardHttp() {
    }

    /** A request cookie's value, null when absent. */
    public static String cookie(Exchange exchange, String name) {
        String header = exchange.getMessage().getHeader("Cookie", String.class);
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                return part.substring(eq + 1).strip();
            }
        }
        return null;
    }

    /** A Set-Cookie value: HttpOnly, SameSite=Strict, on the whole dashboard, Secure when the request came over TLS. */
    public static String setCookie(String name, String value, Duration maxAge, boolean secure) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    public static boolean tls(Exchange exchange) {
        return exchange.getIn() instanceof HttpMessage http && http.getRequest() != null && http.getRequest().isSSL();
    }

    public static String method(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class);
    }

    /** The request path, e.g. {@code /api/dashboard/calls}. */
    public static String path(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null || !path.startsWith("/")) {
            String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, "/", String.class);
            int q = uri.indexOf('?');
            path = q < 0 ? uri : uri.substring(0, q);
        }
        return path;
    }

    /** Query parameters, decoded (the last value of a repeated name wins). */
    public static Map<String, String> query(Exchange exchange) {
        return form(exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, exchange.getMessage().getHeader(Exchange.HTTP_QUERY,
                String.class), String.class));
    }

    /** A form-encoded body or query string as a map. */
    public static Map<String, String> form(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                // a malformed %-escape is a field the form never sent
            }
        }
        return out;
    }

    /** The answer's headers: no request header echoed back, the security headers on. */
    static void answer(Exchange exchange, int status, String contentType) {
        Http.clear(exchange);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setHeader("Content-Security-Policy", CSP);
        exchange.getMessage().setHeader("X-Content-Type-Options", "nosniff");
        exchange.getMessage().setHeader("X-Frame-Options", "DENY");
        exchange.getMessage().setHeader("Referrer-Policy", "no-referrer");
        exchange.getMessage().setHeader("Cache-Control", "no-store");
    }

    public static void html(Exchange exchange, int status, String html) {
        answer(exchange, status, "text/html; charset=utf-8");
        exchange.getMessage().setBody(html);
    }

    public static void json(Exchange exchange, int status, Map<String, Object> body) {
        Http.json(exchange, status, body);
        String json = exchange.getMessage().getBody(String.class);
        answer(exchange, status, "application/json");
        exchange.getMessage().setBody(json);
    }

    public static void error(Exchange exchange, int status, String message) {
        json(exchange, status, Map.of("error", Map.of("code", status, "message", message)));
    }

    public static void bytes(Exchange exchange, String contentType, byte[] body) {
        answer(exchange, 200, contentType);
        Http.body(exchange, body);
    }

    public static void redirect(Exchange exchange, String location) {
        answer(exchange, 303, "text/plain; charset=utf-8");
        exchange.getMessage().setHeader("Location", location);
        exchange.getMessage().setBody("");
    }

    /** Text made safe inside HTML elements and quoted attributes. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
