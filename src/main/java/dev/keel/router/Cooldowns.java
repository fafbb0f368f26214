package dev.keel.router;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Providers that asked Keel to wait: a 429 or 503 with {@code Retry-After} (seconds or an HTTP date)
 * or {@code retry-after-ms} puts the provider on cool-down until then. The router passes over a
 * provider while it cools down, on first choice and in fallback chains alike. Clustered, a cool-down is
 * also written to the {@link SharedLimits}, so every node passes over the provider, not only the one that saw the 429.
 */
public final class Cooldowns {

    /** Longest cool-down Keel honours from one header, so a wrong header cannot park a provider for days. */
    static final Duration MAX = Duration.ofHours(1);

    private final Clock clock;
    private final Map<String, Instant> until = new ConcurrentHashMap<>();
    private final SharedLimits shared;

    public Cooldowns(Clock clock) {
        this(clock, SharedLimits.LOCAL);
    }

    public Cooldowns(Clock clock, SharedLimits shared) {
        this.clock = clock;
        this.shared = shared;
    }

    /** Notes a provider's answer headers; returns the wait it asked for, if any. */
    public Optional<Duration> note(String provider, int status, String retryAfter, String retryAfterMs) {
        if (status != 429 && status != 503) {
            return Optional.empty();
        }
        Optional<Duration> wait = parse(retryAfter, retryAfterMs, clock.instant());
        wait.ifPresent(w -> {
            Instant end = clock.instant().plus(w);
            until.merge(provider, end, (a, b) -> a.isAfter(b) ? a : b);
            shared.coolDown(provider, end);
        });
        return wait;
    }

    /** How long {@code provider} still cools down; zero when it does not. */
    public Duration remaining(String provider) {
        Instant end = until.get(provider);
        Instant elsewhere = shared.cooling().get(provider);
        if (elsewhere != null && (end == null || elsewhere.isAfter(end))) {
            end = elsewhere;
        }
        if (end == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), end);
        if (left.isNegative() || left.isZero()) {
            until.remove(provider, end);
            return Duration.ZERO;
        }
        return left;
    }

    /** A header's wait: {@code retry-after-ms} first (OpenAI sends it), then {@code Retry-After} as seconds or an HTTP date. */
    static Optional<Duration> parse(String retryAfter, String retryAfterMs, Instant now) {
        try {
            if (retryAfterMs != null && !retryAfterMs.isBlank()) {
                return Optional.of(cap(Duration.ofMillis(Math.round(Double.parseDouble(retryAfterMs.trim())))));
            }
            if (retryAfter == null || retryAfter.isBlank()) {
                return Optional.empty();
            }
            String value = retryAfter.trim();
            if (value.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
                return Optional.of(cap(Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000))));
            }
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(cap(Duration.between(now, at)));
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration cap(Duration wait) {
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
