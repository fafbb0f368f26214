package dev.keel.dashboard;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sessions, in memory only (a restart logs everyone out; nothing to protect on disk): a random id the cookie
 * carries, the operator, a CSRF token bound to the session, and an expiry that does not move.
 */
public final class Sessions {

    /** One logged-in operator. */
    public record Session(String id, String operator, String csrf, Instant expires) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> open = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;

    public Sessions(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** 256 random bits, URL-safe. */
    public static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public Duration ttl() {
        return ttl;
    }

    public Session open(String operator) {
        Instant now = clock.instant();
        open.values().removeIf(s -> !s.expires().isAfter(now));
        Session session = new Session(token(), operator, token(), now.plus(ttl));
        open.put(session.id(), session);
        return session;
    }

    /** The session with this id, if it has not expired. */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = open.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (!session.expires().isAfter(clock.instant())) {
            open.remove(id);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    public void close(String id) {
        if (id != null) {
            open.remove(id);
        }
    }

    /** Ends every session of {@code operator} (its key was revoked). */
    public void closeAll(String operator) {
        open.values().removeIf(s -> s.operator().equals(operator));
    }

    /** Constant-time comparison of a presented CSRF token with the session's. */
    public static boolean csrfMatches(Session session, String presented) {
        return presented != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
