package dev.keel.export;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FSFontUseCase;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The fonts the PDF embeds: first those the build carries on the classpath (DejaVu, from
 * {@code net.sf.jasperreports:jasperreports-fonts}), then files found by name in
 * {@code keel.export.font-dirs} (Debian's font packages). DejaVu covers Latin, Cyrillic and Greek and
 * is required; Droid Sans Fallback (Chinese, Japanese), NanumGothic (Korean) and Symbola (symbols,
 * monochrome emoji) have no Maven artifact here and come from the system: a missing one is a warning
 * for the documents that need it, not a failure.
 */
public final class FontLibrary {

    /** Where jasperreports-fonts keeps its DejaVu files on the classpath. */
    static final String BUNDLED_DEJAVU = "net/sf/jasperreports/fonts/dejavu/";

    /**
     * One font file: the family CSS names, weight and style, the Debian package it comes from, what it
     * covers, and the classpath resource the build carries it as (null when none does).
     */
    public record Face(String family, List<String> files, int weight, FontStyle style, boolean fallback, String pkg, Script script,
            String bundled) {

        static Face dejavu(String family, String file, int weight, FontStyle style, String pkg) {
            return new Face(family, List.of(file), weight, style, false, pkg, Script.LATIN_CYRILLIC_GREEK, BUNDLED_DEJAVU + file);
        }

        static Face fallback(String family, List<String> files, int weight, String pkg, Script script) {
            return new Face(family, files, weight, FontStyle.NORMAL, true, pkg, script, null);
        }
    }

    /** A script (or symbol set) and a test for its characters. */
    public enum Script {
        LATIN_CYRILLIC_GREEK("Latin, Cyrillic, Greek"), CJK("Chinese and Japanese"), HANGUL("Korean"), SYMBOLS("symbols and emoji");

        final String label;

        Script(String label) {
            this.label = label;
        }

        static Script of(int cp) {
            Character.UnicodeScript s = Character.UnicodeScript.of(cp);
            if (s == Character.UnicodeScript.HANGUL) {
                return HANGUL;
            }
            if (s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA
                    || s == Character.UnicodeScript.BOPOMOFO) {
                return CJK;
            }
            int type = Character.getType(cp);
            if (cp >= 0x2190 && (type == Character.OTHER_SYMBOL || type == Character.MATH_SYMBOL)) {
                return SYMBOLS;
            }
            return null;
        }
    }

    static final List<Face> FACES = List.of(
            Face.dejavu("DejaVu Sans", "DejaVuSans.ttf", 400, FontStyle.NORMAL, "fonts-dejavu-core"),
            Face.dejavu("DejaVu Sans", "DejaVuSans-Bold.ttf", 700, FontStyle.NORMAL, "fonts-dejavu-core"),
            Face.dejavu("DejaVu Sans", "DejaVuSans-Oblique.ttf", 400, FontStyle.ITALIC, "fonts-dejavu-extra"),
            Face.dejavu("DejaVu Sans", "DejaVuSans-BoldOblique.ttf", 700, FontStyle.ITALIC, "fonts-dejavu-extra"),
            Face.dejavu("DejaVu Sans Mono", "DejaVuSansMono.ttf", 400, FontStyle.NORMAL, "fonts-dejavu-core"),
            Face.dejavu("DejaVu Sans Mono", "DejaVuSansMono-Bold.ttf", 700, FontStyle.NORMAL, "fonts-dejavu-core"),
            Face.dejavu("DejaVu Serif", "DejaVuSerif.ttf", 400, FontStyle.NORMAL, "fonts-dejavu-core"),
            Face.dejavu("DejaVu Serif", "DejaVuSerif-Bold.ttf", 700, FontStyle.NORMAL, "fonts-dejavu-core"),
            Face.fallback("Droid Sans Fallback", List.of("DroidSansFallbackFull.ttf", "DroidSansFallback.ttf"), 400, "fonts-droid-fallback",
                    Script.CJK),
            Face.fallback("NanumGothic", List.of("NanumGothic.ttf"), 400, "fonts-nanum", Script.HANGUL),
            Face.fallback("NanumGothic", List.of("NanumGothicBold.ttf"), 700, "fonts-nanum", Script.HANGUL),
            Face.fallback("Symbola", List.of("Symbola_hint.ttf", "Symbola.ttf"), 400, "fonts-symbola", Script.SYMBOLS));

    private final List<Path> dirs;
    private final Map<Face, FontFile> found;

    private FontLibrary(List<Path> dirs, Map<Face, FontFile> found) {
        this.dirs = dirs;
        this.found = found;
    }

    /** Looks for every face on the classpath, then in the folders (first match wins); the body font must be found. */
    public static FontLibrary locate(List<Path> dirs) {
        return locate(FontLibrary.class.getClassLoader(), dirs);
    }

    /** As {@link #locate(List)}, with the class loader the bundled fonts are read from. */
    static FontLibrary locate(ClassLoader bundled, List<Path> dirs) {
        Map<String, Path> files = new LinkedHashMap<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir, 6)) {
                walk.filter(p -> p.toString().endsWith(".ttf")).forEach(p -> files.putIfAbsent(p.getFileName().toString(), p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list fonts in " + dir + ": " + e.getMessage(), e);
            }
        }
        Map<Face, FontFile> found = new LinkedHashMap<>();
        for (Face face : FACES) {
            FontFile file = face.bundled() == null ? null : FontFile.resource(bundled, face.bundled());
            if (file == null) {
                file = face.files().stream().map(files::get).filter(p -> p != null).findFirst().map(FontFile::of).orElse(null);
            }
            if (file != null) {
                found.put(face, file);
            }
        }
        FontLibrary library = new FontLibrary(dirs, found);
        if (library.file("DejaVu Sans", 400).isEmpty()) {
            throw new IllegalStateException("no body font: DejaVuSans.ttf is neither on the classpath (jasperreports-fonts) nor in"
                    + " keel.export.font-dirs (" + dirs + "); install Debian's fonts-dejavu-core or add the folder holding it");
        }
        return library;
    }

    public Map<Face, FontFile> found() {
        return found;
    }

    public List<Face> missing() {
        return FACES.stream().filter(f -> !found.containsKey(f)).toList();
    }

    Optional<FontFile> file(String family, int weight) {
        return found.entrySet().stream().filter(e -> e.getKey().family().equals(family) && e.getKey().weight() == weight
                && e.getKey().style() == FontStyle.NORMAL).map(Map.Entry::getValue).findFirst();
    }

    /**
     * Registers the faces found; fallbacks are tried, in order, for characters the CSS fonts lack. A
     * fallback is only registered when {@code text} needs it (parsing a 4 MB CJK font for a Latin
     * document costs time), or when the text has characters no known script names.
     */
    void register(PdfBuilder builder, PDDocument document, String text) {
        EnumSet<Script> used = scripts(text);
        boolean unknown = text.codePoints().anyMatch(cp -> cp >= 0x0530 && (cp < 0x2000 || cp > 0x206F) && Script.of(cp) == null
                && !Character.isWhitespace(cp) && Character.UnicodeScript.of(cp) != Character.UnicodeScript.COMMON);
        found.forEach((face, file) -> {
            if (!face.fallback()) {
                builder.useFont(new SubsetFont(document, file), face.family(), face.weight(), face.style(), EnumSet.of(FSFontUseCase.DOCUMENT));
            } else if (unknown || used.contains(face.script())) {
                // before openhtmltopdf's built-in (base 14) fonts: those cover no CJK, Hangul or symbol, and asking
                // them about each such character throws and formats an exception (12% of a multilingual PDF's CPU)
                builder.useFont(new SubsetFont(document, file), face.family(), face.weight(), face.style(),
                        EnumSet.of(FSFontUseCase.DOCUMENT, FSFontUseCase.FALLBACK_PRE));
            }
        });
    }

    private static EnumSet<Script> scripts(String text) {
        EnumSet<Script> used = EnumSet.noneOf(Script.class);
        text.codePoints().forEach(cp -> {
            Script s = Script.of(cp);
            if (s != null) {
                used.add(s);
            }
        });
        return used;
    }

    /** One line per script no font found covers: its characters would render as empty boxes in a PDF. */
    public List<String> boxes() {
        List<String> lines = new ArrayList<>();
        for (Script script : Script.values()) {
            if (found.keySet().stream().noneMatch(f -> f.script() == script)) {
                Face wanted = FACES.stream().filter(f -> f.script() == script).findFirst().orElseThrow();
                lines.add(script.label + " will render as boxes: no " + wanted.files().get(0) + " (Debian package " + wanted.pkg()
                        + ") in " + dirs);
            }
        }
        return lines;
    }

    /** A warning for each script the text uses whose font is not installed (its characters would show as boxes). */
    public List<String> gaps(String name, String text) {
        EnumSet<Script> used = scripts(text);
        List<String> warnings = new ArrayList<>();
        for (Script script : used) {
            boolean covered = found.keySet().stream().anyMatch(f -> f.script() == script);
            if (!covered) {
                Face wanted = FACES.stream().filter(f -> f.script() == script).findFirst().orElseThrow();
                warnings.add(name + ": has " + script.label + " text but " + wanted.files().get(0) + " (Debian package " + wanted.pkg()
                        + ") is not in " + dirs + "; those characters show as empty boxes in the PDF");
            }
        }
        return warnings;
    }
}
