package dev.keel.mcp;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may call {@code /mcp}. The MCP transport spec asks servers to validate
 * {@code Origin} so a web page cannot drive a local server (DNS rebinding): a request without the header
 * (an agent's HTTP client) passes, a loopback origin passes, a listed origin passes, any other is refused.
 */
public record OriginPolicy(List<String> allowed) {

    public OriginPolicy {
        allowed = allowed.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    }

    /** True when a request carrying {@code origin} (null: none) may be served. */
    public boolean permits(String origin) {
        if (origin == null || origin.isBlank()) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains(o)) {
            return true;
        }
        try {
            URI uri = new URI(o);
            String host = uri.getHost();
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && ("localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
