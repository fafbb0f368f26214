package dev.keel.content.safety;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A configured phrase and how it is found: case-insensitive, across any whitespace, as whole words. */
public record Phrase(String text, Pattern pattern, String firstWord) {

    private static final String WORD = "[\\p{L}\\p{N}_]";

    public static Phrase of(String text) {
        String normal = normalize(text.strip());
        String body = Arrays.stream(normal.split("\\s+")).map(Pattern::quote).collect(Collectors.joining("\\s+"));
        // a boundary only where the phrase itself starts or ends with a word character: "<|im_start|>" has none
        String start = Character.isLetterOrDigit(normal.charAt(0)) ? "(?<!" + WORD + ")" : "";
        String end = Character.isLetterOrDigit(normal.charAt(normal.length() - 1)) ? "(?!" + WORD + ")" : "";
        return new Phrase(text, Pattern.compile(start + body + end, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
                normal.split("\\s+")[0].toLowerCase(Locale.ROOT));
    }

    /** Curly apostrophes as straight ones, so "I’m sorry" matches "I'm sorry". */
    public static String normalize(String text) {
        return text.replace('\u2019', '\'').replace('\u2018', '\'');
    }

    /** Where the phrase first occurs in the (normalized) text, or -1. */
    public int find(String normalizedText) {
        return find(normalizedText, lower(normalizedText));
    }

    /**
     * The same with the text's lower case at hand: a text without the phrase's first word is passed
     * over without the regex, whose leading look-behind would be tried at every position.
     */
    public int find(String normalizedText, String lowerText) {
        if (!lowerText.contains(firstWord)) {
            return -1;
        }
        Matcher m = pattern.matcher(normalizedText);
        return m.find() ? m.start() : -1;
    }

    public static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
