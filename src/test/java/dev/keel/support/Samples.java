package dev.keel.support;

import dev.keel.health.DiskUsage;
import dev.keel.health.HostSample;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Synthetic host samples: the guard and the health poll under test see exactly these numbers. */
public final class Samples {

    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Samples() {
    }

    /** A sample {@code seconds} after T0 with the given percentages used. */
    public static HostSample at(int seconds, double cpu, double memoryUsed, double diskUsed) {
        long total = 1_000_000_000L;
        return new HostSample(T0.plusSeconds(seconds), cpu, total, (long) (total * (100 - memoryUsed) / 100),
                List.of(new DiskUsage("inbox", Path.of("/tmp"), total, (long) (total * (100 - diskUsed) / 100))),
                200L * 1024 * 1024, 1.5);
    }
}
