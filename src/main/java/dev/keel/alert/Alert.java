package dev.keel.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * One alert as operators see it: a rule that held (or holds) for a subject, since when, and who acknowledged it.
 * {@code subject} tells instances of one rule apart (a provider, a work folder, a secret); it may be empty.
 */
public record Alert(String id, String rule, String subject, Severity severity, String summary,
                    Instant firedAt, Instant resolvedAt, String acknowledgedBy, Instant acknowledgedAt) {

    public enum Severity { INFO, WARNING, CRITICAL }

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(firedAt, "firedAt");
        subject = subject == null ? "" : subject;
        summary = summary == null ? "" : summary;
    }

    public boolean open() {
        return resolvedAt == null;
    }

    public boolean acknowledged() {
        return acknowledgedAt != null;
    }
}
