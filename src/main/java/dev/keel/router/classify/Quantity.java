package dev.keel.router.classify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size a request declares, such as "300-page report", "40,000 lines" or "dozens of files": a
 * number, up to {@code gap} words, then one of the units; the number times the unit's scale must reach
 * {@code min} (so "110k words" can count as pages).
 */
public record Quantity(double min, Map<String, Double> units, Pattern number, Map<String, Pattern> unitPatterns,
                       List<String> hints) {

    /** How far before a unit its number may start; "tens of thousands of customer support lines" fits. */
    private static final int REACH = 60;

    /** Builds the patterns from the units; a unit is itself a regular expression. */
    public static Quantity of(double min, int gap, Map<String, Double> units) {
        // Units are rare in a request and numbers are not, so the unit is found first and the number
        // looked for just before it: a scan for numbers at every position cost more than all other rules.
        Pattern number = Pattern.compile("(?<![\\p{IsLatin}\\d])(" + Numbers.PATTERN + ")(?:\\s*[-–]\\s*|\\s+)?"
                + "(?:(?![\\d])[\\p{L}\\p{M}'’&-]+\\s+){0," + gap + "}$", RoutingFile.FLAGS);
        Map<String, Pattern> each = new LinkedHashMap<>();
        units.keySet().forEach(u -> each.put(u, Pattern.compile(unit(u), RoutingFile.FLAGS)));
        List<String> hints = units.keySet().stream().map(Quantity::literalStart).toList();
        return new Quantity(min, Map.copyOf(units), number, each, hints);
    }

    /** The literal text every match of {@code regex} starts with: "page" of "pages?", "a|b" of "a\\|b", "" of "(a|b)". */
    static String literalStart(String regex) {
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length() && !Character.isLetterOrDigit(regex.charAt(i + 1))) {
                literal.append(regex.charAt(i + 1));
                i += 2;
                continue;
            }
            if ("\\([?*+{|.^$".indexOf(c) >= 0) {
                if ("?*{".indexOf(c) >= 0 && literal.length() > 0) {
                    literal.setLength(literal.length() - 1);
                }
                break;
            }
            literal.append(c);
            i++;
        }
        return literal.toString();
    }

    /** Latin-script units start and end at a word boundary; Chinese and Japanese ones run into the next word. */
    private static String unit(String regex) {
        boolean latin = regex.matches(".*[\\p{IsLatin}?)]$");
        return (latin ? "(?<![\\p{IsLatin}])" : "") + "(?:" + regex + ")" + (latin ? "(?![\\p{IsLatin}])" : "");
    }

    /** Where the first size in {@code text} (lower case) that reaches the minimum starts and ends. */
    Optional<int[]> find(String text) {
        int i = 0;
        for (Map.Entry<String, Pattern> unit : unitPatterns.entrySet()) {
            // Each unit's literal start ("page" of "pages?"): when it is not in the text, its regex does not run.
            String hint = hints.get(i++);
            if (!hint.isEmpty() && !text.contains(hint)) {
                continue;
            }
            Matcher u = unit.getValue().matcher(text);
            while (u.find()) {
                Matcher n = number.matcher(text).region(Math.max(0, u.start() - REACH), u.start()).useTransparentBounds(true);
                if (n.find() && Numbers.parse(n.group(1)) * units.get(unit.getKey()) >= min) {
                    return Optional.of(new int[] {n.start(), u.end()});
                }
            }
        }
        return Optional.empty();
    }
}
