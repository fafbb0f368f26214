package dev.keel.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** One sink of alerts.yaml, checked: its type's required fields, and no token, password or token-bearing URL written in the clear. */
final class SinkFields {

    /** What a URL written in the clear may not hold: user info, or a query parameter that looks like a credential. */
    private static final Pattern CREDENTIAL_QUERY = Pattern.compile("(?i)(^|&)(token|key|secret|password|sig|auth)[a-z_]*=");

    private SinkFields() {
    }

    static AlertSink sink(String name, JsonNode node, String source, List<String> problems) {
        String where = source + ": sink '" + name + "'";
        int before = problems.size();
        node.fieldNames().forEachRemaining(f -> {
            if (!AlertRulesFile.sinkFields().contains(f)) {
                problems.add(where + ": '" + f + "' is not a sink field" + (f.equals("password") || f.equals("token")
                        ? "; name a secret with " + f + "-secret instead" : ""));
            }
        });
        String rawType = node.path("type").asText("");
        AlertSink.Type type = null;
        try {
            type = AlertSink.Type.valueOf(rawType.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(where + ": type '" + rawType + "' is not one of webhook, slack, ntfy, email");
        }
        String url = text(node, "url");
        String urlSecret = text(node, "url-secret");
        if (type == AlertSink.Type.SLACK && url != null) {
            problems.add(where + ": a Slack webhook URL holds its token; put it in a secret and name it with url-secret");
        } else if (type != null && type != AlertSink.Type.EMAIL) {
            if ((url == null) == (urlSecret == null)) {
                problems.add(where + ": give exactly one of url and url-secret");
            } else if (url != null) {
                checkUrl(url, where, problems);
            }
        }
        String host = text(node, "host");
        int port = node.path("port").asInt(587);
        List<String> to = AlertRulesFile.strings(node.path("to"));
        if (type == AlertSink.Type.EMAIL) {
            if (host == null) {
                problems.add(where + ": an email sink needs host (the SMTP server)");
            }
            if (port < 1 || port > 65535) {
                problems.add(where + ": port " + node.path("port").asText() + " is not a TCP port");
            }
            if (text(node, "from") == null || to.isEmpty()) {
                problems.add(where + ": an email sink needs from and to");
            }
            to.stream().filter(a -> !a.contains("@")).forEach(a -> problems.add(where + ": '" + a + "' is not an e-mail address"));
        }
        if (problems.size() > before) {
            return null;
        }
        return new AlertSink(name, type, url, urlSecret, text(node, "token-secret"), host, port, text(node, "from"), to,
                text(node, "username"), text(node, "password-secret"), node.path("starttls").asBoolean(true));
    }

    private static void checkUrl(String url, String where, List<String> problems) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                problems.add(where + ": url '" + url + "' is not an http(s) URL");
            } else if (uri.getUserInfo() != null || (uri.getRawQuery() != null && CREDENTIAL_QUERY.matcher(uri.getRawQuery()).find())) {
                problems.add(where + ": url holds a credential; put the URL in a secret and name it with url-secret");
            }
        } catch (IllegalArgumentException e) {
            problems.add(where + ": url is not a URL (" + e.getMessage() + ")");
        }
    }

    private static String text(JsonNode node, String field) {
        String value = node.path(field).asText("");
        return value.isBlank() ? null : value.strip();
    }
}
