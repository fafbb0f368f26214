package dev.keel.guard;

import java.util.concurrent.atomic.AtomicBoolean;

/** The guard's answer to a model call: granted (close it when the call ends) or refused with a reason. */
public record Admission(boolean granted, String reason, Runnable release) implements AutoCloseable {

    static Admission granted(Runnable release) {
        AtomicBoolean open = new AtomicBoolean(true);
        return new Admission(true, "admitted", () -> {
            if (open.compareAndSet(true, false)) {
                release.run();
            }
        });
    }

    static Admission refused(String reason) {
        return new Admission(false, reason, () -> { });
    }

    @Override
    public void close() {
        release.run();
    }
}
