package dev.keel.router;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

/** Makes the provider-call routes (routes/model-gateway.camel.yaml) and their circuit breakers. */
public final class ProviderRoutes {

    private ProviderRoutes() {
    }

    /**
     * Small enough to open at real traffic (resilience4j's defaults wait for 100 calls): half of the
     * last 10 calls failed, at least 4 seen; open for {@code open}, then half-open with 2 trial calls.
     */
    static CircuitBreakerConfig circuitConfig(Duration open) {
        return CircuitBreakerConfig.custom()
                .slidingWindowSize(10).minimumNumberOfCalls(4).failureRateThreshold(50)
                .waitDurationInOpenState(open).permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(true).build();
    }

    /** One direct:provider-<name> route per configured provider, each with its own circuit breaker bean. */
    public static void add(CamelContext camel, RouterConfig config,
                                          Map<String, CircuitBreaker> circuits, Duration open) {
        var circuitConfig = circuitConfig(open);
        for (Provider provider : config.providers()) {
            var circuit = CircuitBreaker.of(provider.name(), circuitConfig);
            circuits.put(provider.name(), circuit);
            camel.getRegistry().bind("circuit-" + provider.name(), circuit);
            try {
                TemplatedRouteBuilder.builder(camel, "provider-call")
                        .routeId("provider-" + provider.name()).parameter("provider", provider.name())
                        .parameter("rpm", String.valueOf(Math.max(1, provider.rpm())))
                        .parameter("unlimited", String.valueOf(provider.rpm() <= 0)).add();
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the route of provider " + provider.name() + ": " + e.getMessage(), e);
            }
        }
    }
}
