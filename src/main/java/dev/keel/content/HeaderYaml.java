package dev.keel.content;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An output header written straight to text, for headers made only of the values a content task puts
 * there: simple keys, plain or simply quoted one-line text, whole numbers, decimals, lists of text and
 * one level of numbers ({@code tokens}). The text is exactly what Jackson's YAML writer makes with
 * {@link ContentOutput}'s settings (HeaderYamlTest compares the two); a value it is not sure of
 * (a line break, a quote, non-ASCII text, a null) makes {@link #write} answer empty, and the caller
 * asks Jackson. It exists because the Jackson round trip per output was a few percent of a task's CPU.
 */
final class HeaderYaml {

    /** What Jackson quotes as a keyword (YAML 1.1 booleans and null), compared in lower case to be safe. */
    private static final Set<String> KEYWORDS = Set.of("true", "false", "yes", "no", "y", "n", "on", "off", "null", "~");
    /** Text that reads as a number (Jackson quotes it); wider than YAML's forms, so nothing number-like passes as plain. */
    private static final Pattern NUMBERISH = Pattern.compile("[-+.]?[0-9_]*(\\.[0-9_]*)?([eE][-+]?[0-9_]+)?|[-+]?\\.?(inf|Inf|INF|nan|NaN|NAN)"
            + "|[-+]?0[xXoObB].*|[-+]?[0-9][0-9_:]*(\\.[0-9_]*)?");

    private HeaderYaml() {
    }

    /** The header as YAML (each entry on its own line, ending with a line break), or empty when a value needs Jackson. */
    static Optional<String> write(Map<String, ?> header) {
        StringBuilder out = new StringBuilder(768);
        for (Map.Entry<String, ?> e : header.entrySet()) {
            if (!plain(e.getKey()) || !entry(out, "", e.getKey(), e.getValue())) {
                return Optional.empty();
            }
        }
        return Optional.of(out.toString());
    }

    private static boolean entry(StringBuilder out, String indent, String key, Object value) {
        out.append(indent).append(key).append(':');
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append(" []\n");
                return true;
            }
            out.append('\n');
            for (Object item : list) {
                out.append(indent).append("  - ");
                if (!scalar(out, item)) {
                    return false;
                }
                out.append('\n');
            }
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty() || !indent.isEmpty()) {
                return false;
            }
            out.append('\n');
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String k) || !plain(k) || !(e.getValue() instanceof Long || e.getValue() instanceof Integer)) {
                    return false;
                }
                out.append("  ").append(k).append(": ").append(e.getValue()).append('\n');
            }
            return true;
        }
        out.append(' ');
        if (!scalar(out, value)) {
            return false;
        }
        out.append('\n');
        return true;
    }

    private static boolean scalar(StringBuilder out, Object value) {
        if (value instanceof Long || value instanceof Integer) {
            out.append(value);
            return true;
        }
        if (value instanceof BigDecimal d) {
            out.append(d);
            return true;
        }
        if (!(value instanceof String text)) {
            return false;
        }
        if (plain(text)) {
            out.append(text);
            return true;
        }
        if (quotedAsIs(text)) {
            out.append('"').append(text).append('"');
            return true;
        }
        return false;
    }

    /**
     * Written bare by Jackson: ASCII letters, digits and a few marks that mean nothing in YAML, a colon
     * only with no space after it (times, URLs); not a keyword or number-like; no space at either end.
     */
    static boolean plain(String text) {
        int n = text.length();
        if (n == 0 || text.charAt(0) == ' ' || text.charAt(n - 1) == ' ' || text.charAt(n - 1) == ':' || !startsPlain(text.charAt(0))) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || " ._/@+()=;-".indexOf(c) >= 0
                    || c == ':' && text.charAt(i + 1) != ' ';
            if (!ok) {
                return false;
            }
        }
        return !KEYWORDS.contains(text.toLowerCase(java.util.Locale.ROOT)) && !NUMBERISH.matcher(text).matches();
    }

    private static boolean startsPlain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '(';
    }

    /**
     * Written in double quotes by Jackson with nothing escaped: printable ASCII without a quote or
     * backslash, no space at either end, and a mark Jackson quotes for ({@code ": "}, {@code " #"}, a
     * comma or bracket).
     */
    static boolean quotedAsIs(String text) {
        int n = text.length();
        if (n == 0 || text.charAt(0) == ' ' || text.charAt(n - 1) == ' ' || !startsPlain(text.charAt(0))) {
            return false;
        }
        boolean quotes = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
            quotes |= c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == ':' && i + 1 < n && text.charAt(i + 1) == ' '
                    || c == '#' && i > 0 && text.charAt(i - 1) == ' ';
        }
        return quotes;
    }
}
