package dev.keel.content.safety;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A configured phrase and how it is found: case-insensitive, across any whitespace, as whole words. */
public record Phrase(String text, Pattern pattern, List<String> words) {

    private static final String WORD = "[\\p{L}\\p{N}_]";

    public static Phrase of(String text) {
        String normal = normalize(text.strip());
        String body = Arrays.stream(normal.split("\\s+")).map(Pattern::quote).collect(Collectors.joining("\\s+"));
        // a boundary only where the phrase itself starts or ends with a word character: "<|im_start|>" has none
        String start = Character.isLetterOrDigit(normal.charAt(0)) ? "(?<!" + WORD + ")" : "";
        String end = Character.isLetterOrDigit(normal.charAt(normal.length() - 1)) ? "(?!" + WORD + ")" : "";
        return new Phrase(text, Pattern.compile(start + body + end, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
                Arrays.stream(normal.toLowerCase(Locale.ROOT).split("\\s+")).distinct().toList());
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
     * The same with the text's lower case at hand: a text that lacks one of the phrase's words is passed
     * over without the regex, whose leading look-behind would be tried at every position (short words
     * such as "as" or "I" are in most texts, so every word is looked for, not only the first).
     */
    public int find(String normalizedText, String lowerText) {
        for (String word : words) {
            if (!lowerText.contains(word)) {
                return -1;
            }
        }
        Matcher m = pattern.matcher(normalizedText);
        return m.find() ? m.start() : -1;
    }

    public static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
