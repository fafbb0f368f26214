package dev.keel.export;

import java.nio.file.Path;

/**
 * One Markdown document to export: its name (for reasons and output names), its text, the folder its
 * relative images resolve against, and the root no image may leave (the export inbox).
 */
public record Source(String name, String text, Path baseDir, Path root) {

    /** The name without its extension: the stem of the document's output files. */
    public String stem() {
        int dot = name.lastIndexOf('.');
        String file = name.substring(name.lastIndexOf('/') + 1);
        return dot > name.lastIndexOf('/') ? file.substring(0, file.lastIndexOf('.')) : file;
    }
}
