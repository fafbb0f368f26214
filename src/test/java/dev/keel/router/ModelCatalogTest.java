package dev.keel.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.UserMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the providers' own model lists say of the configured models, pure. */
class ModelCatalogTest {

    static RouterConfig config() throws Exception {
        return RouterConfig.parse(new ByteArrayInputStream("""
                providers:
                  - {name: claude, type: anthropic, tier: critical, base-url: 'http://127.0.0.1:1', key-secret: k, price: {input: 1, output: 1},
                     models: [claude-sonnet-4-5, {name: claude-sonnet-5-5, end-of-life: 2027-06-30}, claude-gone]}
                routing:
                  target-mix: {local: 0, reasoning: 0, critical: 100}
                """.getBytes(StandardCharsets.UTF_8)), "test");
    }

    /** Anthropic's GET /v1/models, as its API reference shows it (retires_at and lifecycle per model). */
    static final String ANTHROPIC = """
            {"data":[{"type":"model","id":"claude-sonnet-5-5","display_name":"Claude Sonnet 5.5","created_at":"2026-09-01T00:00:00Z",
              "lifecycle":"active"},
             {"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z",
              "lifecycle":"deprecated","deprecated_at":"2026-06-01T00:00:00Z","retires_at":"2026-11-30T00:00:00Z"}],
             "has_more":false,"first_id":"claude-sonnet-5-5","last_id":"claude-sonnet-4-5"}
            """;

    @Test
    void flagsTheUnlistedTheRetiredAndTheSoonRetiring() throws Exception {
        ModelCatalog.Listing listing = ModelCatalog.parse(Provider.Type.ANTHROPIC, new ObjectMapper().readTree(ANTHROPIC));

        List<ModelCatalog.Finding> findings = ModelCatalog.findings(config(), Map.of("claude", listing), LocalDate.parse("2026-12-01"));

        assertThat(findings).extracting(ModelCatalog.Finding::model).containsExactly("claude-sonnet-4-5", "claude-gone");
        assertThat(findings.get(0).problem()).contains("past its end of life (2026-11-30)");
        assertThat(findings.get(1).problem()).contains("no longer lists it");
        assertThat(ModelCatalog.findings(config(), Map.of("claude", listing), LocalDate.parse("2027-06-10")))
                .anyMatch(f -> f.model().equals("claude-sonnet-5-5") && f.problem().contains("reaches end of life on 2027-06-30"));
    }

    @Test
    void aProviderThatCouldNotBeAskedFlagsNothingAsMissing() throws Exception {
        for (String error : new String[] {"HTTP 500", null}) {
            List<ModelCatalog.Finding> findings = ModelCatalog.findings(config(), Map.of("claude", ModelCatalog.Listing.failed(error)),
                    LocalDate.parse("2026-10-01"));

            assertThat(findings).as("a failure without a message (a refused connection) too").isEmpty();
        }
    }

    @Test
    void theRouterSkipsAnUnlistedModelForTheNextListedOne() throws Exception {
        RouterConfig config = config();
        Provider claude = config.provider("claude");
        ModelGateway.Request request = new ModelGateway.Request("a", List.of(UserMessage.from("hi")), null, null, 100);

        assertThat(Needs.model(claude, "claude-sonnet-4-5", request, (p, m) -> !m.equals("claude-sonnet-4-5"))).isEqualTo("claude-sonnet-5-5");
        assertThat(Needs.state(ModelRouter.State.quiet(), config, request, (p, m) -> false).unavailable().get("claude"))
                .contains("no longer lists");
    }

    @Test
    void ollamaTagsCountWithAndWithoutLatest() throws Exception {
        ModelCatalog.Listing listing = ModelCatalog.parse(Provider.Type.OLLAMA,
                new ObjectMapper().readTree("{\"models\":[{\"name\":\"qwen2.5-coder:latest\",\"model\":\"qwen2.5-coder:latest\"}]}"));

        assertThat(listing.models()).contains("qwen2.5-coder", "qwen2.5-coder:latest");
    }
}
