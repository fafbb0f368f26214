package dev.keel.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a backup zip may expand to, so a crafted zip cannot exhaust memory or disk: the manifest is read
 * into memory only up to {@code maxManifest}; all entries together may expand to {@code slack} plus
 * {@code maxRatio} times the zip's size (deflate of zeros reaches ~1000:1; Keel's own backups, PDFs, text
 * and CSV, stay far below 100:1).
 */
public record ZipLimits(long maxManifest, long maxRatio, long slack) {

    public static final ZipLimits BACKUPS = new ZipLimits(16L << 20, 100, 64L << 20);

    /** The most bytes all entries of a zip of {@code zipSize} bytes may expand to. */
    public long maxExpanded(long zipSize) {
        return slack + zipSize * maxRatio;
    }

    /** An expansion that went past a limit; the message is the reason verify reports. */
    public static final class Exceeded extends IOException {
        Exceeded(String message) {
            super(message);
        }
    }

    /** Counts what the entries of one zip expand to, across entries, and stops at the limit. */
    public static final class Expansion {
        private final long max;
        private long total;

        public Expansion(ZipLimits limits, long zipSize) {
            this.max = limits.maxExpanded(zipSize);
        }

        /** The current entry's bytes, counted; reading past the limit throws {@link Exceeded}. Closing it leaves the zip open. */
        public InputStream entry(InputStream zip, String name) {
            return new FilterInputStream(zip) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        count(1, name);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        count(n, name);
                    }
                    return n;
                }

                @Override
                public void close() {
                    // the zip stays open for the next entry
                }
            };
        }

        private void count(long n, String name) throws Exceeded {
            total += n;
            if (total > max) {
                throw new Exceeded(name + ": the zip expands to more than " + (max >> 20) + " MB (over "
                        + "the ratio a backup can have; a zip bomb?)");
            }
        }
    }

    /** The manifest's bytes, refused past {@code maxManifest} without reading the rest into memory. */
    public byte[] manifest(InputStream entry, String name) throws IOException {
        byte[] bytes = entry.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxManifest + 1));
        if (bytes.length > maxManifest) {
            throw new Exceeded(name + " is larger than " + (maxManifest >> 20) + " MB; a backup's manifest is far smaller");
        }
        return bytes;
    }
}
