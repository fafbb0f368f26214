package dev.keel.router.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * The literal words a pattern's match must start with, so a rule can skip its regular expression
 * when none of them is in the request: most rules are one alternation of words, e.g.
 * {@code \b(approve|reject|sign off)\b}, and a substring search is far cheaper than trying every
 * alternative at every position. An empty list means no safe hint (the pattern always runs).
 */
final class Hints {

    /** Shorter literals are in nearly every request and would filter nothing. */
    private static final int SHORTEST = 2;

    private Hints() {
    }

    static List<String> of(String regex) {
        String body = zeroWidthSkipped(regex);
        int open = body.startsWith("(?:") ? 3 : body.startsWith("(") && !body.startsWith("(?") ? 1 : -1;
        if (body.startsWith("[")) {
            return symbols(body);
        }
        if (open < 0) {
            String literal = Quantity.literalStart(body);
            return literal.length() >= SHORTEST ? List.of(literal) : List.of();
        }
        int close = closing(body, open - 1);
        if (close < 0) {
            return List.of();
        }
        List<String> hints = new ArrayList<>();
        for (String alternative : topLevel(body.substring(open, close))) {
            List<String> each = of(alternative);
            if (each.isEmpty()) {
                return List.of();
            }
            hints.addAll(each);
        }
        return List.copyOf(hints);
    }

    /** A leading class of symbols such as {@code [$€£]}: each is a hint; a class with letters, ranges or escapes gives none. */
    private static List<String> symbols(String body) {
        int end = body.indexOf(']');
        if (end < 2) {
            return List.of();
        }
        List<String> hints = new ArrayList<>();
        for (char c : body.substring(1, end).toCharArray()) {
            if (Character.isLetterOrDigit(c) || Character.isWhitespace(c) || "\\^-".indexOf(c) >= 0) {
                return List.of();
            }
            hints.add(String.valueOf(c));
        }
        return hints;
    }

    /** The pattern after what matches no text at its start: \\b, ^, flags such as (?m), lookarounds. */
    private static String zeroWidthSkipped(String regex) {
        String body = regex;
        while (true) {
            if (body.startsWith("\\b") || body.startsWith("^")) {
                body = body.substring(body.startsWith("^") ? 1 : 2);
            } else if (body.matches("(?s)\\(\\?[a-z]+\\).*")) {
                body = body.substring(body.indexOf(')') + 1);
            } else if (body.startsWith("(?<=") || body.startsWith("(?<!") || body.startsWith("(?=") || body.startsWith("(?!")) {
                int close = closing(body, 0);
                if (close < 0) {
                    return body;
                }
                body = body.substring(close + 1);
            } else {
                return body;
            }
        }
    }

    /** Index of the parenthesis closing the one at {@code at}, or -1. */
    private static int closing(String regex, int at) {
        int depth = 0;
        boolean inClass = false;
        for (int i = at; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The alternatives of a group's body split at its own '|', not at those of nested groups. */
    private static List<String> topLevel(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(body.substring(start));
        return parts;
    }
}
