package dev.keel.export;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** An output format of the export workflow. */
public enum Format {
    PDF, DOCX, HTML;

    public String extension() {
        return "." + name().toLowerCase(Locale.ROOT);
    }

    /** {@code pdf,docx} (or a YAML list's items) as formats; anything else is refused with the known names. */
    public static Set<Format> parse(String commaSeparated) {
        Set<Format> formats = EnumSet.noneOf(Format.class);
        for (String name : commaSeparated.split(",")) {
            if (!name.isBlank()) {
                formats.add(of(name.strip()));
            }
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("names no format; use one or more of " + known());
        }
        return formats;
    }

    static Format of(String name) {
        return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a format; use " + known()));
    }

    private static String known() {
        return Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("|"));
    }
}
