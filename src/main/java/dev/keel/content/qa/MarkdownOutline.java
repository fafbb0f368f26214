package dev.keel.content.qa;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Markdown body as the QA gate reads it: ATX headings and prose lines, with fenced code and inline code left out. */
public final class MarkdownOutline {

    record Line(int number, String text) {
    }

    record Heading(int level, String text, int line) {
    }

    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\n]*`");

    private final List<Line> prose = new ArrayList<>();
    private final List<Heading> headings = new ArrayList<>();

    public MarkdownOutline(String body) {
        String fence = null;
        int number = 0;
        for (String line : body.split("\r?\n", -1)) {
            number++;
            // each pattern needs its mark in the line: most lines skip the regexes (the gate runs per task)
            Matcher f = line.contains("```") || line.contains("~~~") ? FENCE.matcher(line) : null;
            if (f != null && f.find()) {
                fence = fence == null ? f.group(1) : fence.equals(f.group(1)) ? null : fence;
                continue;
            }
            if (fence != null) {
                continue;
            }
            Matcher h = line.indexOf('#') >= 0 ? HEADING.matcher(line) : null;
            if (h != null && h.matches()) {
                headings.add(new Heading(h.group(1).length(), h.group(2), number));
            }
            prose.add(new Line(number, line.indexOf('`') >= 0 ? INLINE_CODE.matcher(line).replaceAll(" ") : line));
        }
    }

    List<Line> prose() {
        return prose;
    }

    List<Heading> headings() {
        return headings;
    }

    /** The prose lines under a heading, up to the next heading of its level or higher. */
    List<Line> section(Heading heading) {
        int end = headings.stream().filter(h -> h.line() > heading.line() && h.level() <= heading.level())
                .mapToInt(Heading::line).findFirst().orElse(Integer.MAX_VALUE);
        return prose.stream().filter(l -> l.number() > heading.line() && l.number() < end).toList();
    }

    /**
     * Words in the prose: runs of letters and digits, a single apostrophe or hyphen between two of them
     * joining them into one ("don't", "well-known"); the regex {@code [\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*}
     * counts the same, by hand here since the gate runs it on every output.
     */
    int words() {
        int n = 0;
        for (Line line : prose) {
            n += words(line.text());
        }
        return n;
    }

    static int words(String text) {
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int next = i + Character.charCount(c);
            if (wordChar(c)) {
                n += inWord ? 0 : 1;
                inWord = true;
            } else if (inWord && (c == '\'' || c == '\u2019' || c == '-') && next < text.length() && wordChar(text.codePointAt(next))) {
                // a joiner between two word characters: the word goes on
                inWord = true;
            } else {
                inWord = false;
            }
            i = next;
        }
        return n;
    }

    /** \p{L} or \p{N}: a letter, or a number of any kind (digits, Roman numerals, ½). */
    private static boolean wordChar(int c) {
        if (Character.isLetter(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }
}
