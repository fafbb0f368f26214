package dev.keel.secrets;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A resolved secret. {@link #toString()} shows its name, source and fingerprint, never its value,
 * so a secret that slips into a log line or a report says which one it is and nothing more.
 */
public final class Secret {

    private final String name;
    private final String value;
    private final String source;
    private final Instant since;

    private volatile String fingerprint;

    public Secret(String name, String value, String source, Instant since) {
        this.name = name;
        this.value = value;
        this.source = source;
        this.since = since;
    }

    public String name() {
        return name;
    }

    /** The value, for the one place that uses it (an HTTP header, an HMAC key). */
    public String reveal() {
        return value;
    }

    public String source() {
        return source;
    }

    /** When this value appeared (the file's modification time, or when Keel first read it). */
    public Instant since() {
        return since;
    }

    /** The first 12 hex digits of the value's SHA-256: enough to tell values apart, nothing to recover one. */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            f = fingerprint(value);
            fingerprint = f;
        }
        return f;
    }

    public static String fingerprint(String value) {
        return dev.keel.storage.TextInput.sha256(value.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    @Override
    public String toString() {
        return "Secret[" + name + " from " + source + ", sha256:" + fingerprint() + "]";
    }
}
