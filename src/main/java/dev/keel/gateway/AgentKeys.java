package dev.keel.gateway;

import dev.keel.secrets.Secret;
import dev.keel.secrets.SecretException;
import dev.keel.secrets.SecretStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer keys agents use on the gateway: one secret {@code agent-key-<agent>} per agent named in
 * {@code keel.gateway.agents}, resolved like every other secret (so a rotated key is picked up and the
 * old one stays valid for the overlap). A request's key is compared in constant time.
 */
public final class AgentKeys {

    private static final Logger LOG = LoggerFactory.getLogger(AgentKeys.class);
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final SecretStore secrets;
    private final List<String> agents;
    private final Duration overlap;
    /** Reasons already logged, so a refused key file is named once, not on every request. */
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    public AgentKeys(SecretStore secrets, List<String> agents, Duration overlap) {
        this.secrets = secrets;
        this.agents = List.copyOf(agents);
        this.overlap = overlap;
        for (String agent : this.agents) {
            // checked now, so a key file the store refuses (readable by others, empty) is named at start, not found by a 401
            try {
                if (secrets.get(secretName(agent)).isEmpty()) {
                    LOG.warn("Agent {} has no key (secret {}): its gateway calls will be refused; keel agents add {}", agent,
                            secretName(agent), agent);
                }
            } catch (SecretException e) {
                unusable(agent, e);
            }
        }
    }

    private void unusable(String agent, SecretException e) {
        if (told.add(agent + ": " + e.getMessage())) {
            LOG.error("Agent {} cannot use the gateway, its calls get 401: {}", agent, e.getMessage());
        }
    }

    /** The secret an agent's key lives in. */
    public static String secretName(String agent) {
        return "agent-key-" + agent;
    }

    /** A new key: {@code sk-keel-} and 40 random letters and digits (about 238 bits). */
    public static String newKey() {
        SecureRandom random = new SecureRandom();
        StringBuilder key = new StringBuilder("sk-keel-");
        for (int i = 0; i < 40; i++) {
            key.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return key.toString();
    }

    public List<String> agents() {
        return agents;
    }

    /** The agent whose key {@code presented} is, if any. */
    public Optional<String> agentFor(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (String agent : agents) {
            List<Secret> keys;
            try {
                keys = secrets.accepted(secretName(agent), overlap);
            } catch (SecretException e) {
                unusable(agent, e);
                continue;
            }
            for (Secret key : keys) {
                // every key is compared, so the time taken does not say which agent nearly matched
                if (MessageDigest.isEqual(given, key.reveal().getBytes(StandardCharsets.UTF_8)) && found == null) {
                    found = agent;
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** The key of an {@code Authorization: Bearer <key>} header; null when there is none. */
    public static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }
}
