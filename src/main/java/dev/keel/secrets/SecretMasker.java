package dev.keel.secrets;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Removes API keys and credentials from any text Keel writes: a key keeps its type prefix, never its value. */
public final class SecretMasker {

    /** One masking rule: what it finds, and the part of the match that may stay (group 1). */
    public record Rule(String name, Pattern pattern) {
    }

    public static final String MASK = "****";

    /** Ordered: provider-specific shapes before the generic {@code sk-} one. */
    public static final List<Rule> RULES = List.of(
            new Rule("Anthropic key (sk-ant-…)", Pattern.compile("(sk-ant-)[A-Za-z0-9_\\-]{8,}")),
            new Rule("OpenRouter key (sk-or-v1-…)", Pattern.compile("(sk-or-v1-)[A-Za-z0-9]{8,}")),
            new Rule("Groq key (gsk_…)", Pattern.compile("(gsk_)[A-Za-z0-9]{8,}")),
            new Rule("OpenAI-style / Moonshot key (sk-…)", Pattern.compile("\\b(sk-)[A-Za-z0-9_\\-]{12,}")),
            new Rule("Authorization: Bearer …", Pattern.compile("(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?bearer\\s+)[^\\s\"',;]+")),
            new Rule("Bearer token", Pattern.compile("(?i)(\\bbearer\\s+)[A-Za-z0-9._~+/=\\-]{12,}")),
            new Rule("x-api-key: …", Pattern.compile("(?i)(x-api-key[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',;]+")),
            new Rule("api_key / token / secret / password = …",
                    Pattern.compile("(?i)(\\b(?:api[_-]?key|access[_-]?token|secret|password|passwd)[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',;&]{4,}")));

    /** Values of secrets Keel has loaded: masked wherever they appear, whatever their shape. */
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private SecretMasker() {
    }

    /** Masks this value from now on (values under 8 characters are too likely to be ordinary words). */
    public static void registerValue(String value) {
        if (value != null && value.length() >= 8) {
            KNOWN.add(value);
        }
    }

    static Set<String> knownValues() {
        return Set.copyOf(KNOWN);
    }

    public static String mask(String text) {
        return mask(text, RULES.size());
    }

    /**
     * For text a model wrote: masks the values of Keel's secrets and anything shaped like a provider
     * key or bearer token, but not {@code password = ...} style lines, which are ordinary in code.
     */
    public static String maskKeys(String text) {
        return mask(text, RULES.size() - 1);
    }

    private static String mask(String text, int rules) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String value : KNOWN) {
            if (out.contains(value)) {
                out = out.replace(value, MASK);
            }
        }
        for (Rule rule : RULES.subList(0, rules)) {
            Matcher m = rule.pattern().matcher(out);
            if (m.find()) {
                out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK));
            }
        }
        return out;
    }
}
