package dev.keel.web;

import dev.keel.secrets.SecretStore;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token in a task's status URL: an HMAC of the task id, so only whoever got the 202 answer can read the
 * task's status, and Keel stores nothing per task. The key is the secret {@code task-status-key}; without it
 * Keel makes one at start-up, and status URLs from before a restart then answer 404.
 */
public final class TaskTokens {

    public static final String SECRET = "task-status-key";
    private static final Logger LOG = LoggerFactory.getLogger(TaskTokens.class);

    private final byte[] key;

    TaskTokens(byte[] key) {
        this.key = key.clone();
    }

    /** The key from the secret store, or a fresh random one (logged, without the key). */
    public static TaskTokens from(SecretStore secrets) {
        return secrets.get(SECRET).map(s -> new TaskTokens(s.reveal().getBytes(StandardCharsets.UTF_8))).orElseGet(() -> {
            LOG.info("No secret {}: task status URLs are valid until Keel restarts", SECRET);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new TaskTokens(random);
        });
    }

    /** 96 bits of HMAC-SHA256 over the id, in hex. */
    String of(String task) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(task.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean matches(String task, String token) {
        return token != null && MessageDigest.isEqual(of(task).getBytes(StandardCharsets.US_ASCII),
                token.trim().getBytes(StandardCharsets.US_ASCII));
    }

    /** The status URL the 202 answer gives. */
    String statusUrl(String task) {
        return "/api/tasks/" + task + "?token=" + of(task);
    }
}
