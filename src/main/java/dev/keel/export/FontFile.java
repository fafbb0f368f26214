package dev.keel.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * One font the PDF renderer may embed: a file on disk, or a resource a jar on the classpath carries.
 * A resource's bytes are read once and kept, so each render parses the font without inflating the jar
 * entry again; the parsed font is kept too, so a JVM parses each font once ({@link #parsed()}).
 */
public final class FontFile {

    private final String location;
    private final Path path;
    private final URL resource;
    private volatile byte[] bytes;
    private volatile TrueTypeFont parsed;

    private FontFile(String location, Path path, URL resource) {
        this.location = location;
        this.path = path;
        this.resource = resource;
    }

    static FontFile of(Path path) {
        return new FontFile(path.toString(), path, null);
    }

    /** The resource from {@code loader}, or null when no jar carries it. */
    static FontFile resource(ClassLoader loader, String name) {
        URL url = loader.getResource(name);
        return url == null ? null : new FontFile("classpath:" + name, null, url);
    }

    /** Where the font comes from: a file path, or {@code classpath:} and the resource name. */
    public String location() {
        return location;
    }

    public boolean bundled() {
        return resource != null;
    }

    InputStream open() {
        try {
            if (path != null) {
                return Files.newInputStream(path);
            }
            byte[] held = bytes;
            if (held == null) {
                try (InputStream in = resource.openStream()) {
                    held = in.readAllBytes();
                }
                bytes = held;
            }
            return new ByteArrayInputStream(held);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read font " + location + ": " + e.getMessage(), e);
        }
    }

    /** The font parsed, once per JVM: a 4 MB CJK face took ~10 ms to parse for every PDF that used it. */
    TrueTypeFont parsed() throws IOException {
        TrueTypeFont font = parsed;
        if (font == null) {
            synchronized (this) {
                font = parsed;
                if (font == null) {
                    try (InputStream in = open()) {
                        font = new TTFParser().parse(new RandomAccessReadBuffer(in));
                    }
                    // PDFBox 3 runs GSUB (Latin ligatures, ccmp) over every string it draws, but openhtmltopdf measures
                    // the same strings without it; off, drawing costs 8% less CPU and matches what the layout measured
                    font.setEnableGsub(false);
                    parsed = font;
                }
            }
        }
        return font;
    }

    @Override
    public String toString() {
        return location;
    }
}
