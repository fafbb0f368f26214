package dev.keel.secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets in text Keel is about to publish, with rules in the manner of gitleaks (provider key
 * shapes) plus every secret value Keel has loaded. A finding names the rule and the line, never the value.
 */
public final class OutputScanner {

    /** A secret found: which rule, on which line. */
    public record Finding(String rule, int line) {
        @Override
        public String toString() {
            return rule + " at line " + line;
        }
    }

    /** {@code literal}: text every match contains; a text without it is passed over without the regex (most outputs hold no key). */
    private record Rule(String name, String literal, Pattern pattern) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("anthropic-api-key", "sk-ant-", Pattern.compile("sk-ant-(?:api03|admin01)-[A-Za-z0-9_\\-]{80,}")),
            new Rule("openrouter-api-key", "sk-or-v1-", Pattern.compile("sk-or-v1-[0-9a-f]{64}")),
            new Rule("groq-api-key", "gsk_", Pattern.compile("gsk_[A-Za-z0-9]{52}")),
            new Rule("openai-project-key", "sk-", Pattern.compile("sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\\-]{40,}")),
            new Rule("openai-legacy-key", "T3BlbkFJ", Pattern.compile("sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}")),
            new Rule("moonshot-api-key", "sk-", Pattern.compile("\\bsk-[A-Za-z0-9]{48}\\b")),
            new Rule("private-key", "PRIVATE KEY-----", Pattern.compile("-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")));

    private OutputScanner() {
    }

    public static List<Finding> scan(byte[] bytes) {
        return scan(new String(bytes, StandardCharsets.UTF_8));
    }

    public static List<Finding> scan(String text) {
        List<Finding> findings = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        for (Rule rule : RULES) {
            if (!text.contains(rule.literal())) {
                continue;
            }
            Matcher m = rule.pattern().matcher(text);
            while (m.find()) {
                findings.add(new Finding(rule.name(), lineOf(text, m.start())));
                spans.add(new int[] {m.start(), m.end()});
            }
        }
        for (String value : SecretMasker.knownValues()) {
            for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
                int start = at;
                int end = at + value.length();
                if (spans.stream().noneMatch(s -> s[0] < end && start < s[1])) {
                    findings.add(new Finding("loaded secret sha256:" + Secret.fingerprint(value), lineOf(text, at)));
                }
            }
        }
        findings.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return findings;
    }

    /**
     * Scans a file of any size in chunks (each read with the end of the one before, so a key across a
     * chunk boundary is still found); findings are the same as {@link #scan(String)} on the whole text.
     */
    public static List<Finding> scan(java.nio.file.Path file) throws java.io.IOException {
        java.util.Set<Finding> found = new java.util.LinkedHashSet<>();
        try (java.io.Reader in = new java.io.InputStreamReader(java.nio.file.Files.newInputStream(file), StandardCharsets.UTF_8)) {
            char[] chunk = new char[1 << 20];
            String tail = "";
            int linesBefore = 0;
            for (int n; (n = in.read(chunk)) > 0; ) {
                String text = tail + new String(chunk, 0, n);
                for (Finding f : scan(text)) {
                    found.add(new Finding(f.rule(), f.line() + linesBefore));
                }
                // keys are far shorter than this; a line count carried over the part not kept
                int keep = Math.min(text.length(), 16 * 1024);
                linesBefore += lineOf(text, text.length() - keep) - 1;
                tail = text.substring(text.length() - keep);
            }
        }
        List<Finding> out = new ArrayList<>(found);
        out.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return out;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
