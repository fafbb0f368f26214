package dev.keel.health;

/** Takes a sample of the host; the ResourceGuard and the health poll share one. */
public interface HostSampler {

    HostSample sample();
}
