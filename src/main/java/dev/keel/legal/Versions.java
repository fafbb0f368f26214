package dev.keel.legal;

import java.util.ArrayList;
import java.util.List;

/** Legal document versions, compared by their numbers. */
final class Versions {

    private Versions() {
    }

    /**
     * Orders versions by their numbers ("2" &lt; "10", "1.2" &lt; "1.10"); versions without digits, or
     * equal in their numbers, compare as equal (so they are never refused as older).
     */
    static int compare(String a, String b) {
        List<Long> x = numbers(a);
        List<Long> y = numbers(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            int cmp = Long.compare(i < x.size() ? x.get(i) : 0, i < y.size() ? y.get(i) : 0);
            if (cmp != 0) {
                return cmp;
            }
        }
        return 0;
    }

    private static List<Long> numbers(String version) {
        List<Long> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d{1,18}").matcher(version);
        while (m.find()) {
            out.add(Long.parseLong(m.group()));
        }
        return out;
    }
}
