package dev.keel.router.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a regular expression's syntax for {@link Hints}: recursive descent over Java's regex syntax, as far as
 * literals go; every clause it returns is necessary (each match holds one word of it). Syntax it does not know
 * throws {@link Unknown}.
 */
final class RegexLiterals {

    /** Syntax the reading does not know: the pattern gets no clauses. */
    static final class Unknown extends RuntimeException {
        Unknown() {
            super(null, null, false, false);
        }
    }

    private final String re;
    private int at;
    /** An inline (?i) or (?u) somewhere: its scope is not tracked, the whole pattern counts as case-insensitive. */
    boolean caseless;

    RegexLiterals(String re) {
        this.re = re;
    }

    /** Alternatives up to a ')' or the end: a clause of theirs all (one word of each alternative's best clause). */
    List<Set<String>> alternation() {
        List<List<Set<String>>> alternatives = new ArrayList<>();
        alternatives.add(sequence());
        while (at < re.length() && re.charAt(at) == '|') {
            at++;
            alternatives.add(sequence());
        }
        if (alternatives.size() == 1) {
            return alternatives.get(0);
        }
        Set<String> union = new LinkedHashSet<>();
        for (List<Set<String>> alternative : alternatives) {
            Set<String> best = alternative.stream().filter(c -> c.stream().allMatch(Hints::selective))
                    .max(Comparator.comparingInt(c -> c.stream().mapToInt(String::length).min().orElse(0))).orElse(null);
            if (best == null) {
                return List.of(); // an alternative without a literal can match anything
            }
            union.addAll(best);
        }
        return List.of(union);
    }

    private List<Set<String>> sequence() {
        List<Set<String>> clauses = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        while (at < re.length() && re.charAt(at) != '|' && re.charAt(at) != ')') {
            char c = re.charAt(at);
            if (c == '(') {
                flush(run, clauses);
                List<Set<String>> group = group();
                if (quantified() >= 1) {
                    clauses.addAll(group);
                }
            } else if (c == '[') {
                flush(run, clauses);
                Set<String> symbols = charClass();
                if (quantified() >= 1 && symbols != null) {
                    clauses.add(symbols);
                }
            } else if (c == '^' || c == '$') {
                at++;
                flush(run, clauses);
            } else if (c == '.') {
                at++;
                flush(run, clauses);
                quantified();
            } else if ("?*+{".indexOf(c) >= 0) {
                throw new Unknown(); // a quantifier without its atom: quantified() consumes each one that follows an atom
            } else {
                int literal = c == '\\' ? escape() : re.charAt(at++);
                if (literal < 0) {
                    flush(run, clauses);
                    if (literal == CONSUMES) {
                        quantified();
                    }
                    continue;
                }
                int min = quantified();
                if (min == 0) {
                    flush(run, clauses);
                } else {
                    run.append((char) literal);
                    if (min != ONCE) {
                        flush(run, clauses); // "ab+c": the text holds "ab", then more b's
                    }
                }
            }
        }
        flush(run, clauses);
        return clauses;
    }

    private static void flush(StringBuilder run, List<Set<String>> clauses) {
        if (run.length() > 0) {
            clauses.add(Set.of(run.toString()));
            run.setLength(0);
        }
    }

    /** A group from its '(' past its ')': its clauses, none for a lookaround (it consumes nothing). */
    private List<Set<String>> group() {
        at++;
        boolean lookaround = false;
        if (re.startsWith("?", at)) {
            if (re.startsWith("?:", at) || re.startsWith("?>", at)) {
                at += 2;
            } else if (re.startsWith("?=", at) || re.startsWith("?!", at)) {
                at += 2;
                lookaround = true;
            } else if (re.startsWith("?<=", at) || re.startsWith("?<!", at)) {
                at += 3;
                lookaround = true;
            } else if (re.startsWith("?<", at)) {
                int end = re.indexOf('>', at);
                if (end < 0) {
                    throw new Unknown();
                }
                at = end + 1;
            } else {
                return flags();
            }
        }
        List<Set<String>> inner = alternation();
        expect(')');
        return lookaround ? List.of() : inner;
    }

    /** {@code (?m)}, {@code (?s)}, {@code (?i)} or {@code (?ms:...)}: m, s, d change what . ^ $ match, not literals; x, U are unknown. */
    private List<Set<String>> flags() {
        at++;
        while (at < re.length() && "msdiu-".indexOf(re.charAt(at)) >= 0) {
            caseless |= re.charAt(at) == 'i' || re.charAt(at) == 'u';
            at++;
        }
        if (re.startsWith(")", at)) {
            at++;
            return List.of();
        }
        if (!re.startsWith(":", at)) {
            throw new Unknown();
        }
        at++;
        List<Set<String>> inner = alternation();
        expect(')');
        return inner;
    }

    /** A class such as {@code [$€£]} of symbols only gives them as a clause; any other class gives null. */
    private Set<String> charClass() {
        int start = ++at;
        if (re.startsWith("]", at) || re.startsWith("^]", at)) {
            throw new Unknown();
        }
        int depth = 1;
        boolean symbols = true;
        Set<String> chars = new LinkedHashSet<>();
        while (at < re.length() && depth > 0) {
            char c = re.charAt(at++);
            if (c == '\\') {
                at++;
                symbols = false;
            } else if (c == '[') {
                depth++;
                symbols = false;
            } else if (c == ']') {
                depth--;
            } else if (Character.isLetterOrDigit(c) || Character.isWhitespace(c) || "^-&".indexOf(c) >= 0) {
                symbols = false;
            } else {
                chars.add(String.valueOf(c));
            }
        }
        if (depth > 0 || at - start < 2) {
            throw new Unknown();
        }
        return symbols && !chars.isEmpty() ? chars : null;
    }

    /** Escapes that match no literal: -1 for one that consumes text ({@code \d}), -2 for one that does not ({@code \b}). */
    private static final int CONSUMES = -1;
    private static final int ZERO_WIDTH = -2;

    /** The character an escape stands for, or CONSUMES / ZERO_WIDTH. */
    private int escape() {
        if (at + 1 >= re.length()) {
            throw new Unknown();
        }
        char c = re.charAt(at + 1);
        at += 2;
        if (!Character.isLetterOrDigit(c)) {
            return c;
        }
        switch (c) {
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case 'd', 'D', 'w', 'W', 's', 'S', 'h', 'H', 'v', 'V', 'R', 'X':
                return CONSUMES;
            case 'b', 'B', 'A', 'z', 'Z', 'G':
                return ZERO_WIDTH;
            case 'p', 'P':
                if (re.startsWith("{", at)) {
                    int end = re.indexOf('}', at);
                    if (end < 0) {
                        throw new Unknown();
                    }
                    at = end + 1;
                } else {
                    at++;
                }
                return CONSUMES;
            default:
                throw new Unknown(); // \Q quoting, back references, code points: not read here
        }
    }

    /** Marks an atom with no quantifier: exactly once. */
    private static final int ONCE = Integer.MAX_VALUE;

    /** Consumes a quantifier after an atom: the fewest times it must match (ONCE without one). */
    private int quantified() {
        if (at >= re.length()) {
            return ONCE;
        }
        char c = re.charAt(at);
        int min;
        if (c == '?' || c == '*') {
            at++;
            min = 0;
        } else if (c == '+') {
            at++;
            min = 1;
        } else if (c == '{') {
            int end = re.indexOf('}', at);
            if (end < 0) {
                throw new Unknown();
            }
            String bounds = re.substring(at + 1, end);
            if (!bounds.matches("\\d+(,\\d*)?")) {
                throw new Unknown();
            }
            min = Integer.parseInt(bounds.split(",")[0]);
            min = min == 1 && bounds.equals("1") ? ONCE : min;
            at = end + 1;
        } else {
            return ONCE;
        }
        if (at < re.length() && (re.charAt(at) == '?' || re.charAt(at) == '+')) {
            at++; // lazy or possessive: the same fewest
        }
        return min;
    }

    boolean ended() {
        return at == re.length();
    }

    private void expect(char c) {
        if (at >= re.length() || re.charAt(at) != c) {
            throw new Unknown();
        }
        at++;
    }
}
