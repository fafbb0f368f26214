package dev.keel.boot;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's claims alive: runs a step (renew this node's leases, take back a dead node's work)
 * four times per lease on a thread of Camel's ExecutorServiceManager, shut down with the context. A
 * failed step is logged and tried again at the next tick; its claims hold for the rest of the lease.
 */
final class LeaseTimer {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseTimer.class);

    private LeaseTimer() {
    }

    /** {@code step} returns how many of a dead node's items it took back; {@code what} names them in the log. */
    static void every(CamelContext camel, Object owner, String name, Duration lease, IntSupplier step, String what) {
        long every = Math.max(1, lease.toMillis() / 4);
        ScheduledExecutorService timer = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(owner, name);
        timer.scheduleWithFixedDelay(() -> {
            try {
                int back = step.getAsInt();
                if (back > 0) {
                    LOG.warn("{} {} of a node that stopped renewing its claims taken back", back, what);
                }
            } catch (RuntimeException e) {
                LOG.warn("Renewing {} claims failed (tried again in {} ms): {}", what, every, e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }
}
