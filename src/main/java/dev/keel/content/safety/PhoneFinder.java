package dev.keel.content.safety;

import dev.keel.content.qa.References;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds phone numbers: international (+ or 00, 8 to 15 digits), North American (212) 555-0187, and
 * national numbers with a trunk 0 written in groups. Dates, years, versions and references are not phones.
 */
final class PhoneFinder {

    private static final Pattern CANDIDATE = Pattern.compile("(?<![\\w.+/-])(?:\\+|\\(?)\\d[\\d .()/-]{4,24}\\d(?!\\w|[./-]\\d)");
    private static final Pattern NANP = Pattern.compile("(?:\\([2-9]\\d{2}\\) ?|[2-9]\\d{2}([-. ]))[2-9]\\d{2}(?:\\1|-)\\d{4}");
    private static final Pattern NATIONAL = Pattern.compile("\\(?0[1-9][\\d .()/-]*");
    private static final Pattern DATE = Pattern.compile(
            "(?<!\\d)(?:\\d{1,2}([./-])\\d{1,2}\\1(?:19|20)\\d{2}|(?:19|20)\\d{2}([./-])\\d{1,2}\\2\\d{1,2})(?!\\d)");

    private PhoneFinder() {
    }

    static List<PiiSpan> find(String text) {
        List<PiiSpan> out = new ArrayList<>();
        Matcher m = CANDIDATE.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            if (isPhone(m.group()) && !References.precede(text, m.start())) {
                out.add(new PiiSpan(PiiType.PHONE, m.start(), m.end(), m.group().replaceAll("\\D", "")));
                from = m.end();
            } else {
                // a longer run may hide a phone after its first group ("in 2024 030 1234 5678")
                from = m.start() + 1;
            }
        }
        return out;
    }

    static boolean isPhone(String candidate) {
        if (DATE.matcher(candidate).find()) {
            return false;
        }
        int digits = candidate.replaceAll("\\D", "").length();
        boolean grouped = candidate.chars().anyMatch(c -> c == ' ' || c == '-' || c == '.' || c == '/' || c == '(');
        if (candidate.startsWith("+")) {
            return digits >= 8 && digits <= 15;
        }
        if (candidate.startsWith("00")) {
            return grouped && candidate.charAt(2) != '0' && digits >= 10 && digits <= 15;
        }
        if (NANP.matcher(candidate).matches()) {
            return true;
        }
        return NATIONAL.matcher(candidate).matches() && grouped && digits >= 10 && digits <= 13;
    }
}
