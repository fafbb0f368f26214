package dev.keel.content.safety;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A text with its PII replaced by typed placeholders, and how many values of each type were replaced.
 * It keeps the originals (for {@link SafetyPolicy#restore}) but never shows them: {@code toString} counts.
 */
public final class Redaction {

    /** How many distinct values of one type were replaced. */
    public record Count(PiiType type, int count) {
        @Override
        public String toString() {
            return type.count(count);
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\[(?:EMAIL|IBAN|CARD|PHONE)-\\d+\\]");

    private final String text;
    private final Map<String, String> originals;
    private final List<Count> counts;

    Redaction(String text, Map<String, String> originals, Map<PiiType, Integer> counts) {
        this.text = text;
        this.originals = Map.copyOf(originals);
        Map<PiiType, Integer> ordered = new EnumMap<>(PiiType.class);
        ordered.putAll(counts);
        this.counts = ordered.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue())).toList();
    }

    static Redaction none(String text) {
        return new Redaction(text, Map.of(), Map.of());
    }

    /** The text with placeholders in place of the values. */
    public String text() {
        return text;
    }

    public List<Count> counts() {
        return counts;
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** "2 emails, 1 IBAN", or "" when nothing was redacted. */
    public String summary() {
        return counts.stream().map(Count::toString).collect(Collectors.joining(", "));
    }

    /** The placeholders this redaction made, put back to their values; any other bracketed text stays. */
    String restore(String answer) {
        return PLACEHOLDER.matcher(answer).replaceAll(m -> Matcher.quoteReplacement(originals.getOrDefault(m.group(), m.group())));
    }

    @Override
    public String toString() {
        return "Redaction[" + summary() + "]";
    }
}
