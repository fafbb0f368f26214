package dev.keel.health;

import dev.keel.guard.Reading;
import java.time.Instant;
import java.util.List;

/** One sample of the host and of Keel's own process. */
public record HostSample(Instant at, double cpuPercent, long memoryTotalBytes, long memoryAvailableBytes,
                         List<DiskUsage> disks, long processRssBytes, double processCpuPercent) {

    public double memoryUsedPercent() {
        return memoryTotalBytes <= 0 ? 0 : 100.0 * (memoryTotalBytes - memoryAvailableBytes) / memoryTotalBytes;
    }

    /** The fullest work disk, the one the guard watches. */
    public double diskUsedPercent() {
        return disks.stream().mapToDouble(DiskUsage::usedPercent).max().orElse(0);
    }

    public Reading reading() {
        return new Reading(at, cpuPercent, memoryUsedPercent(), diskUsedPercent());
    }
}
