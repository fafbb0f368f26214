package dev.keel.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The circuit each provider route runs in: opens at real traffic, half-opens after its wait, closes on good trials. */
class ProviderCircuitTest {

    private static void fail(CircuitBreaker circuit, int times) {
        for (int i = 0; i < times; i++) {
            circuit.onError(10, TimeUnit.MILLISECONDS, new IllegalStateException("HTTP 500"));
        }
    }

    @Test
    void fourFailuresOpenItThenItHalfOpensAndTwoGoodTrialsCloseIt() throws Exception {
        CircuitBreaker circuit = CircuitBreaker.of("kimi", ProviderRoutes.circuitConfig(Duration.ofMillis(300)));

        fail(circuit, 3);
        assertThat(circuit.getState()).as("three calls are too few to judge").isEqualTo(CircuitBreaker.State.CLOSED);
        fail(circuit, 1);
        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(circuit.tryAcquirePermission()).isFalse();

        Thread.sleep(700);
        assertThat(circuit.getState()).as("after its wait it lets trial calls through").isEqualTo(CircuitBreaker.State.HALF_OPEN);
        for (int i = 0; i < 2; i++) {
            assertThat(circuit.tryAcquirePermission()).isTrue();
            circuit.onSuccess(10, TimeUnit.MILLISECONDS);
        }
        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aFailedTrialOpensItAgain() throws Exception {
        CircuitBreaker circuit = CircuitBreaker.of("kimi", ProviderRoutes.circuitConfig(Duration.ofMillis(300)));
        fail(circuit, 4);
        Thread.sleep(700);

        assertThat(circuit.tryAcquirePermission()).isTrue();
        fail(circuit, 1);
        assertThat(circuit.tryAcquirePermission()).isTrue();
        fail(circuit, 1);

        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void mostlyGoodTrafficKeepsItClosed() {
        CircuitBreaker circuit = CircuitBreaker.of("kimi", ProviderRoutes.circuitConfig(Duration.ofSeconds(30)));
        for (int i = 0; i < 10; i++) {
            if (i % 3 == 2) {
                fail(circuit, 1);
            } else {
                circuit.onSuccess(10, TimeUnit.MILLISECONDS);
            }
        }

        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
