package dev.keel.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;

/**
 * The dashboard's page and its scripts and styles, from the jar: Keel's own files under {@code dashboard/} and uPlot from
 * its webjar. Only the files named here are served, so no request path reaches the class path.
 */
public final class DashboardAssets {

    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

    /** URL name → class-path resource and content type. */
    private static final Map<String, String[]> FILES = Map.of(
            "dashboard.js", new String[] {"dashboard/dashboard.js", "text/javascript; charset=utf-8"},
            "dashboard.css", new String[] {"dashboard/dashboard.css", "text/css; charset=utf-8"},
            "uPlot.iife.min.js", new String[] {UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "uPlot.min.css", new String[] {UPLOT + "uPlot.min.css", "text/css; charset=utf-8"});

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** {@code GET /assets/{name}}: no session needed (the login page uses the styles; nothing here is secret). */
    public void serve(Exchange exchange) {
        String name = exchange.getMessage().getHeader("name", String.class);
        String[] file = name == null ? null : FILES.get(name);
        if (file == null) {
            DashboardHttp.error(exchange, 404, "no asset '" + name + "'");
            return;
        }
        DashboardHttp.bytes(exchange, file[1], read(file[0]));
    }

    /** {@code GET /}: the page shell, with the session's CSRF token and operator name (escaped) filled in. */
    public void page(Exchange exchange) {
        Sessions.Session session = DashboardGate.session(exchange);
        String html = new String(read("dashboard/index.html"), StandardCharsets.UTF_8)
                .replace("{{csrf}}", DashboardHttp.escape(session.csrf()))
                .replace("{{operator}}", DashboardHttp.escape(session.operator()));
        DashboardHttp.html(exchange, 200, html);
    }

    private byte[] read(String resource) {
        return cache.computeIfAbsent(resource, r -> {
            try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalStateException("the jar has no " + r);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
