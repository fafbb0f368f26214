package dev.keel.guard;

/** How hard the host is working, from the guard's point of view. */
public enum GuardLevel {
    OK, HOT, CRITICAL
}
