package dev.keel.router;

import dev.keel.boot.KeelSettings;
import dev.keel.router.classify.RoutingRules;
import java.nio.file.Path;
import java.time.Duration;

/** The model router's keel.router.* and keel.ollama.* settings, validated. */
public record RouterSettings(Path providersFile, Path routingFile, Duration timeout, Duration localWait, Duration circuitOpen,
        Duration retryAfterMax, Duration queueWait, Duration benchTimeout, boolean pullMissing, Duration modelCheckInterval) {

    public static RouterSettings from(KeelSettings settings) {
        // a missing providers file means the built-in providers.yaml
        return new RouterSettings(settings.checkedFile("keel.router.providers-file"), settings.checkedFile(RoutingRules.KEY),
                settings.duration("keel.router.timeout", Duration.ofSeconds(1), Duration.ofMinutes(30)),
                settings.duration("keel.router.local-wait", Duration.ZERO, Duration.ofMinutes(30)),
                settings.duration("keel.router.circuit-open", Duration.ofSeconds(1), Duration.ofHours(1)),
                settings.duration("keel.router.retry-after-max", Duration.ZERO, Duration.ofMinutes(10)),
                settings.duration("keel.router.queue-wait", Duration.ZERO, Duration.ofMinutes(30)),
                settings.duration("keel.ollama.bench-timeout", Duration.ofSeconds(1), Duration.ofHours(1)),
                settings.flag("keel.ollama.pull-missing"),
                // read by the model-check route's timer; checked here so a bad value stops start-up
                settings.duration("keel.router.model-check-interval", Duration.ofMinutes(1), Duration.ofDays(7)));
    }

    /** providers.yaml with the content classifier's rules (routing.yaml over the built-in one). */
    public RouterConfig config() {
        return RouterConfig.load(providersFile).withRules(RoutingRules.load(routingFile));
    }

    /** How long one model pull may take: ten call timeouts (a 4 GB model on a slow link). */
    public Duration pullTimeout() {
        return timeout.multipliedBy(10);
    }
}
