package dev.keel.web;

import dev.keel.secrets.SecretStore;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * In front of /observe/jolokia on the management server. Jolokia's policy (jolokia-access.xml) decides which
 * MBeans and operations exist for a client; it cannot tell a page in the operator's browser from the operator,
 * and a {@code text/plain} POST or a plain GET needs no CORS preflight. So: a request whose Origin is not the
 * management server itself is refused, GET serves only reads, and POST (exec, write, bulk) needs
 * {@code Authorization: Bearer <secret observe-token>}.
 */
public final class JolokiaGuard implements Handler<RoutingContext> {

    public static final String TOKEN_SECRET = "observe-token";
    private static final Set<String> READS = Set.of("", "read", "list", "search", "version");

    private final String path;
    private final List<String> origins;
    private final SecretStore secrets;

    /** {@code origins}: the management server's own origins (scheme://host:port) and any the operator added. */
    public JolokiaGuard(String path, List<String> origins, SecretStore secrets) {
        this.path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.origins = origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
        this.secrets = secrets;
    }

    /** The management server's own origins on {@code port}: loopback names, and {@code host} unless it is a wildcard. */
    public static List<String> origins(String host, int port, List<String> extra) {
        List<String> out = new java.util.ArrayList<>(List.of("http://127.0.0.1:" + port, "http://localhost:" + port, "http://[::1]:" + port));
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            out.add("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        }
        out.addAll(extra);
        return out;
    }

    /** Puts the guard on the management server's router, ahead of Jolokia's own route. */
    public void installOn(io.vertx.ext.web.Router router) {
        router.route(routePath()).order(-1).handler(this);
    }

    /** The route path this guard goes on. */
    public String routePath() {
        return path + "*";
    }

    @Override
    public void handle(RoutingContext ctx) {
        Optional<String> refused = refusal(ctx);
        if (refused.isPresent()) {
            FrontAnswers.keel(ctx, 403, refused.get());
            return;
        }
        ctx.next();
    }

    private Optional<String> refusal(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
            return Optional.of("cross-site request refused: Origin " + origin + " is not the management server");
        }
        if (ctx.request().method() == HttpMethod.GET) {
            String command = command(ctx);
            return READS.contains(command) ? Optional.empty()
                    : Optional.of("Jolokia '" + command + "' is not served over GET; send it as a POST with the " + TOKEN_SECRET);
        }
        if (ctx.request().method() == HttpMethod.POST) {
            Optional<String> token = secrets.get(TOKEN_SECRET).map(dev.keel.secrets.Secret::reveal);
            if (token.isEmpty()) {
                return Optional.of("Jolokia operations are off: no secret " + TOKEN_SECRET + " is set (see README, Security)");
            }
            if (!MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8),
                    presented(ctx.request().getHeader("Authorization")).getBytes(StandardCharsets.UTF_8))) {
                return Optional.of("Jolokia operations need the secret " + TOKEN_SECRET + " as a bearer token"
                        + " (or as the HTTP basic password, as Hawtio sends it)");
            }
            return Optional.empty();
        }
        return Optional.of("only GET (reads) and POST (operations) are served");
    }

    /** The token a client presented: a bearer token, or the password of HTTP basic (Hawtio's connection dialog). */
    static String presented(String authorization) {
        if (authorization == null) {
            return "";
        }
        String value = authorization.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return value.substring(7).trim();
        }
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(java.util.Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
                return pair.indexOf(':') < 0 ? "" : pair.substring(pair.indexOf(':') + 1);
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        return "";
    }

    /** Jolokia's command: the first segment after the path, or of the {@code p} parameter that may stand for the path. */
    private String command(RoutingContext ctx) {
        String rest = ctx.normalizedPath().length() > path.length() ? ctx.normalizedPath().substring(path.length()) : "";
        String p = ctx.request().getParam("p");
        if (p != null && rest.replace("/", "").isEmpty()) {
            rest = p;
        }
        rest = rest.replaceFirst("^/+", "");
        int slash = rest.indexOf('/');
        return (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
    }
}
