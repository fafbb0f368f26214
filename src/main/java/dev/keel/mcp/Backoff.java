package dev.keel.mcp;

import java.time.Duration;

/** How long Keel waits before reconnecting to a server that failed {@code failures} times in a row: doubling, capped. */
public record Backoff(Duration first, Duration max) {

    public Duration after(int failures) {
        if (failures <= 1) {
            return first;
        }
        long millis = first.toMillis() << Math.min(failures - 1, 20);
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
