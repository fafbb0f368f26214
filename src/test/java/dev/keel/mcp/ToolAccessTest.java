package dev.keel.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may call which tool: mcp.yaml's allow and deny patterns per agent, the default entry, and Keel's own tools. */
class ToolAccessTest {

    private final ToolAccess access = new ToolAccess(Map.of(
            "writer", new ToolAccess.Rule(List.of("github__*"), List.of("github__delete_*")),
            "default", new ToolAccess.Rule(List.of("files__read_*"), List.of("export_markdown"))));

    @Test
    void anAllowedExternalToolPassesAndADeniedOneFailsEvenWhenAllowed() {
        assertThat(access.allows("writer", "github__create_issue", false)).isTrue();
        assertThat(access.allows("writer", "github__delete_repo", false)).isFalse();
    }

    @Test
    void externalToolsNotAllowedAreRefused() {
        assertThat(access.allows("writer", "files__read_file", false)).isFalse();
    }

    @Test
    void anAgentWithoutAnEntryGetsTheDefault() {
        assertThat(access.allows("reader", "files__read_file", false)).isTrue();
        assertThat(access.allows("reader", "github__create_issue", false)).isFalse();
        assertThat(access.allows("reader", "export_markdown", true)).isFalse();
        assertThat(access.allows("reader", "submit_content", true)).isTrue();
    }

    @Test
    void withoutAnyRulesKeelsToolsPassAndExternalOnesDoNot() {
        assertThat(ToolAccess.none().allows("anyone", "health", true)).isTrue();
        assertThat(ToolAccess.none().allows("anyone", "github__create_issue", false)).isFalse();
    }

    @Test
    void patternCharactersOtherThanTheStarAreLiteral() {
        assertThat(ToolAccess.glob("files.read*").matcher("files.read_x").matches()).isTrue();
        assertThat(ToolAccess.glob("files.read*").matcher("filesXread_x").matches()).isFalse();
        assertThat(ToolAccess.glob("*").matcher("anything").matches()).isTrue();
    }

    @Test
    void backoffDoublesFromOneIntervalUpToItsCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(5));
        assertThat(List.of(backoff.after(1), backoff.after(2), backoff.after(3), backoff.after(4), backoff.after(5), backoff.after(60)))
                .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(240),
                        Duration.ofMinutes(5), Duration.ofMinutes(5));
    }
}
