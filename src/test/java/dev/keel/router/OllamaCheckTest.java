package dev.keel.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.support.FakeProvider;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Start-up check of the local models against Ollama's /api/tags, and the optional pull. */
class OllamaCheckTest {

    static final String TAGS = "{\"models\":[{\"name\":\"qwen2.5-coder:7b\",\"model\":\"qwen2.5-coder:7b\",\"modified_at\":"
            + "\"2026-11-01T10:00:00.000000000Z\",\"size\":4683087332,\"digest\":\"sha256:aa11\",\"details\":{\"format\":\"gguf\","
            + "\"family\":\"qwen2\",\"parameter_size\":\"7.6B\",\"quantization_level\":\"Q4_K_M\"}},{\"name\":\"llama3:latest\","
            + "\"model\":\"llama3:latest\",\"modified_at\":\"2026-11-02T10:00:00.000000000Z\",\"size\":4661224676,\"digest\":\"sha256:bb22\","
            + "\"details\":{\"format\":\"gguf\",\"family\":\"llama\",\"parameter_size\":\"8.0B\",\"quantization_level\":\"Q4_0\"}}]}";

    private static Provider ollama(String url, String... models) {
        return new Provider("ollama", Provider.Type.OLLAMA, Tier.LOCAL, URI.create(url), null, List.of(models), 32768, Price.FREE, 0.4,
                0, 0, 0, 2, true);
    }

    @Test
    void configuredModelsMissingFromTagsAreReportedAndAnUntaggedNameMatchesLatest() {
        try (FakeProvider server = FakeProvider.start().answer("/api/tags", 200, TAGS)) {
            OllamaCheck.Report report = OllamaCheck.check(ollama(server.url(), "qwen2.5-coder:7b", "llama3", "deepseek-r1:7b"),
                    Duration.ofSeconds(3));

            assertThat(report.error()).isNull();
            assertThat(report.installed()).containsExactly("llama3:latest", "qwen2.5-coder:7b");
            assertThat(report.missing()).containsExactly("deepseek-r1:7b");
        }
    }

    @Test
    void missingModelsArePulledOneByOne() {
        try (FakeProvider server = FakeProvider.start().answer("/api/tags", 200, TAGS).answer("/api/pull", 200, "{\"status\":\"success\"}")) {
            OllamaCheck.Report report = OllamaCheck.check(ollama(server.url(), "deepseek-r1:7b", "phi4"), Duration.ofSeconds(3));

            List<String> failed = OllamaCheck.pull(report, Duration.ofSeconds(5));

            assertThat(failed).isEmpty();
            assertThat(server.received()).filteredOn(r -> r.path().equals("/api/pull")).extracting(FakeProvider.Received::body)
                    .containsExactly("{\"model\":\"deepseek-r1:7b\",\"stream\":false}", "{\"model\":\"phi4\",\"stream\":false}");
        }
    }

    @Test
    void anOllamaThatIsDownIsReportedNotFatal() {
        OllamaCheck.Report report = OllamaCheck.check(ollama("http://127.0.0.1:9", "qwen2.5-coder:7b"), Duration.ofSeconds(2));

        assertThat(report.error()).isNotBlank();
        assertThat(report.missing()).isEmpty();
    }
}
