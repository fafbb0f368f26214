package dev.keel.health;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A sampler built on a thread of its own: OSHI's first use loads JNA and reads /proc (~300 ms), which
 * start-up need not wait for. The first {@link #sample()} waits until it is ready.
 */
public final class BackgroundSampler implements HostSampler {

    private final CompletableFuture<HostSampler> sampler;

    /** Builds the sampler on {@code builder} (a thread of Camel's ExecutorServiceManager in Keel). */
    public BackgroundSampler(Supplier<HostSampler> build, java.util.concurrent.Executor builder) {
        this.sampler = CompletableFuture.supplyAsync(build, builder);
    }

    @Override
    public HostSample sample() {
        try {
            return sampler.join().sample();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
