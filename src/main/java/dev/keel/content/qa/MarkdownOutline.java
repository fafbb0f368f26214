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
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['\u2019-][\\p{L}\\p{N}]+)*");

    private final List<Line> prose = new ArrayList<>();
    private final List<Heading> headings = new ArrayList<>();

    public MarkdownOutline(String body) {
        String fence = null;
        int number = 0;
        for (String line : body.split("\r?\n", -1)) {
            number++;
            Matcher f = FENCE.matcher(line);
            if (f.find()) {
                fence = fence == null ? f.group(1) : fence.equals(f.group(1)) ? null : fence;
                continue;
            }
            if (fence != null) {
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                headings.add(new Heading(h.group(1).length(), h.group(2), number));
            }
            prose.add(new Line(number, INLINE_CODE.matcher(line).replaceAll(" ")));
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

    int words() {
        int n = 0;
        for (Line line : prose) {
            for (Matcher m = WORD.matcher(line.text()); m.find();) {
                n++;
            }
        }
        return n;
    }
}
