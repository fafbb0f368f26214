package dev.keel.guard;

/** {@code enforce} acts on state changes; {@code observe} only reports them (for tuning thresholds). */
public enum GuardMode {
    ENFORCE, OBSERVE
}
