package dev.keel.router.classify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A size a request declares, such as "300-page report", "40,000 lines" or "dozens of files": a
 * number, up to {@code gap} words, then one of the units; the number times the unit's scale must reach
 * {@code min} (so "110k words" can count as pages).
 */
public record Quantity(double min, Map<String, Double> units, Pattern pattern, Map<String, Pattern> unitPatterns) {

    static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    /** Builds the pattern from the units; a unit is itself a regular expression. */
    public static Quantity of(double min, int gap, Map<String, Double> units) {
        String alternatives = units.keySet().stream().map(Quantity::unit).collect(Collectors.joining("|"));
        Pattern pattern = Pattern.compile("(?<![\\p{IsLatin}\\d])(" + Numbers.PATTERN + ")(?:\\s*[-–]\\s*|\\s+)?"
                + "(?:(?![\\d])[\\p{L}\\p{M}'’&-]+\\s+){0," + gap + "}?(" + alternatives + ")", FLAGS);
        Map<String, Pattern> each = new LinkedHashMap<>();
        units.keySet().forEach(u -> each.put(u, Pattern.compile(unit(u), FLAGS)));
        return new Quantity(min, Map.copyOf(units), pattern, each);
    }

    /** Latin-script units end at a word boundary; Chinese and Japanese ones run straight into the next word. */
    private static String unit(String regex) {
        return "(?:" + regex + ")" + (regex.matches(".*[\\p{IsLatin}?)]$") ? "(?![\\p{IsLatin}])" : "");
    }

    /** The first size in {@code text} that reaches the minimum, as written. */
    Optional<String> find(String text) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            String unit = m.group(2);
            double scale = unitPatterns.entrySet().stream().filter(e -> e.getValue().matcher(unit).matches())
                    .mapToDouble(e -> units.get(e.getKey())).findFirst().orElse(0);
            if (Numbers.parse(m.group(1)) * scale >= min) {
                return Optional.of(m.group().trim());
            }
        }
        return Optional.empty();
    }
}
