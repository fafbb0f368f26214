package dev.keel.health;

import java.nio.file.Path;

/** Space on the file system holding one work folder. */
public record DiskUsage(String folder, Path path, long totalBytes, long freeBytes) {

    public double usedPercent() {
        return totalBytes <= 0 ? 0 : 100.0 * (totalBytes - freeBytes) / totalBytes;
    }
}
