package dev.keel.export;

import java.nio.file.Path;
import java.util.List;

/** Markdown the export tests share, and an Exporter on the machine's fonts. */
final class ExportFixtures {

    static final String MULTILINGUAL = """
            ---
            title: Quarterly Board Pack
            subtitle: Q3 2026
            author: Ann Example
            date: 2026-10-01
            ---
            # Overview

            Plain Latin paragraph with **bold**, *italic*, ~~struck~~ text and `inline code`, see [the site](https://example.org/board).

            Русский текст: съешь же ещё этих мягких французских булок.

            Ελληνικά: Καλημέρα κόσμε, ξεσκεπάζω την ψυχοφθόρα βδελυγμία.

            中文：你好，世界。日本語：こんにちは世界、カタカナ。

            한국어: 안녕하세요 세계.

            Symbols: ✓ ★ ☂ ♞ ⚡

            ## Figures

            | Region | Revenue | Note |
            |--------|--------:|------|
            | North | 12 | steady |
            | South | 7 | growing |

            - [x] budget approved
            - [ ] hiring plan

            1. first step
            2. second step
               - nested bullet

            ```java
            public static void main(String[] args) {}
            ```

            A remark with a footnote[^1].

            [^1]: The footnote text.

            <!-- pagebreak -->

            # Appendix

            > A quoted line.

            Closing paragraph of the appendix.
            """;

    private ExportFixtures() {
    }

    static ExportSettings settings(Path templates) {
        return new ExportSettings(templates, List.of(Path.of("/usr/share/fonts")), java.util.EnumSet.of(Format.PDF, Format.DOCX),
                16L * 1024 * 1024, 20_000);
    }

    /** One set of renderers for every test in the fork: fonts and flexmark are made once, as in Keel. */
    static ExportEngines engines() {
        return Shared.ENGINES;
    }

    /**
     * Skips the calling test unless a font for each script was found: no Maven artifact carries the
     * CJK, Korean and symbol fonts, so they come from Debian packages (.ci/run installs them).
     */
    static void assumeFontsFor(FontLibrary.Script... scripts) {
        List<String> missing = java.util.Arrays.stream(scripts)
                .filter(script -> engines().fonts().found().keySet().stream().noneMatch(f -> f.script() == script))
                .map(script -> FontLibrary.FACES.stream().filter(f -> f.script() == script).findFirst().orElseThrow())
                .map(face -> face.script().label + " needs Debian package " + face.pkg()).toList();
        org.junit.jupiter.api.Assumptions.assumeTrue(missing.isEmpty(),
                () -> "skipped: " + String.join("; ", missing) + " (no Maven artifact carries that font; .ci/run installs it)");
    }

    static RenderedDocument render(String name, String markdown, Path dir) {
        return engines().markdown().render(new Source(name, markdown, dir, dir));
    }

    private static final class Shared {
        static final ExportEngines ENGINES = ExportEngines.create(settings(Path.of("templates/export")));
    }
}
