package dev.keel.export;

import dev.keel.boot.KeelSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The export workflow's settings ({@code keel.export.*}), validated once. */
public record ExportSettings(Path templates, List<Path> fontDirs, Set<Format> formats, long maxFileBytes, int maxTableCells) {

    public static ExportSettings from(KeelSettings settings) {
        List<Path> fontDirs = Arrays.stream(settings.text("keel.export.font-dirs").split(","))
                .map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).isAbsolute() ? Path.of(s) : settings.home().resolve(s))
                .map(Path::normalize).toList();
        Set<Format> formats;
        try {
            formats = Format.parse(settings.text("keel.export.formats"));
        } catch (IllegalArgumentException e) {
            throw settings.fail("keel.export.formats", settings.text("keel.export.formats"), e.getMessage());
        }
        return new ExportSettings(settings.checkedFolder("keel.export.templates"), fontDirs, formats,
                settings.integer("keel.export.max-file-mb", 1, 1024) * 1024L * 1024L,
                settings.integer("keel.export.max-table-cells", 1, 10_000_000));
    }
}
