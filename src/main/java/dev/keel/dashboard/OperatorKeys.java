package dev.keel.dashboard;

import dev.keel.secrets.Secret;
import dev.keel.secrets.SecretException;
import dev.keel.secrets.SecretStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys operators log in to the dashboard with: one secret {@code operator-key-<name>} per operator in Keel's secrets
 * folder, written by {@code keel operators issue} like agent keys (mode 600, never printed twice), compared in constant
 * time. The operators are whoever has such a file: revoking deletes it, and every session of that operator ends with it.
 * Agent keys live under other names, so they never open the dashboard.
 */
public final class OperatorKeys {

    public static final String PREFIX = "operator-key-";
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_\\-]{0,63}");

    private final SecretStore secrets;
    private final Duration overlap;

    public OperatorKeys(SecretStore secrets, Duration overlap) {
        this.secrets = secrets;
        this.overlap = overlap;
    }

    public static String secretName(String operator) {
        return PREFIX + operator;
    }

    /** Operators with a key now. */
    public List<String> operators() {
        return secrets.fileNames().stream().filter(n -> n.startsWith(PREFIX)).map(n -> n.substring(PREFIX.length()))
                .filter(n -> NAME.matcher(n).matches()).toList();
    }

    /** The operator whose key {@code presented} is, if any; every key is compared, so timing says nothing of near matches. */
    public Optional<String> operatorFor(String presented) {
        if (presented == null || presented.isBlank()) {
            return Optional.empty();
        }
        byte[] given = presented.strip().getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (String operator : operators()) {
            List<Secret> keys;
            try {
                keys = secrets.accepted(secretName(operator), overlap);
            } catch (SecretException e) {
                continue; // a key file the store refuses (readable by others) opens nothing
            }
            for (Secret key : keys) {
                if (MessageDigest.isEqual(given, key.reveal().getBytes(StandardCharsets.UTF_8)) && found == null) {
                    found = operator;
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether {@code operator} still has a key (a revoked operator's sessions stop at their next request). */
    public boolean active(String operator) {
        return operators().contains(operator);
    }
}
