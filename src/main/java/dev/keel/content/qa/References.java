package dev.keel.content.qa;

import java.util.regex.Pattern;

/** Numbers written right after "order", "invoice", "#" and the like are references, not phones or cards. */
public final class References {

    private static final Pattern CUE = Pattern.compile(
            "(?i)(?:#|\\b(?:order|invoice|ticket|ref|reference|sku|po|id|case|tracking)\\b[\\s.:#-]{0,4}(?:(?:no|nr|num)\\b\\.?)?[\\s.:#-]{0,3})$");

    private References() {
    }

    public static boolean precede(String text, int start) {
        return CUE.matcher(text.substring(Math.max(0, start - 24), start)).find();
    }
}
