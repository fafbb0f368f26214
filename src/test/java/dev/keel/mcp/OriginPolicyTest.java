package dev.keel.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy policy = new OriginPolicy(List.of("https://Console.Example.com"));

    @Test
    void letsARequestWithoutAnOriginThrough() {
        assertThat(policy.permits(null)).isTrue();
        assertThat(policy.permits(" ")).isTrue();
    }

    @Test
    void letsLoopbackOriginsOnAnyPortThrough() {
        assertThat(policy.permits("http://localhost:6274")).isTrue();
        assertThat(policy.permits("http://127.0.0.1")).isTrue();
        assertThat(policy.permits("http://[::1]:8080")).isTrue();
    }

    @Test
    void letsAListedOriginThroughIgnoringCase() {
        assertThat(policy.permits("https://console.example.com")).isTrue();
    }

    @Test
    void refusesForeignAndLookAlikeOrigins() {
        assertThat(policy.permits("https://evil.example")).isFalse();
        assertThat(policy.permits("http://localhost.evil.example")).isFalse();
        assertThat(policy.permits("https://console.example.com.evil")).isFalse();
        assertThat(policy.permits("null")).isFalse();
        assertThat(policy.permits("file://localhost")).isFalse();
    }
}
