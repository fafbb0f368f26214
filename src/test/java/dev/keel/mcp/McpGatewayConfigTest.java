package dev.keel.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.boot.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ops/configs/mcp.yaml read and checked: servers over HTTP or stdio, secrets by name only, each mistake naming its field. */
class McpGatewayConfigTest {

    @TempDir
    Path dir;

    private McpGatewayConfig.Read read(String yaml) throws Exception {
        return McpGatewayConfig.read(Files.writeString(dir.resolve("mcp.yaml"), yaml));
    }

    @Test
    void readsHttpAndStdioServersWithTheirTimeoutsAndSecretNames() throws Exception {
        McpGatewayConfig.Read read = read("""
                servers:
                  github: {url: 'https://mcp.example.com/mcp', bearer-secret: github-token, timeout: 5s}
                  files: {command: [npx, -y, server-files], env-secrets: {FS_TOKEN: files-token}}
                agents:
                  writer: {allow: ['github__*']}
                """);
        assertThat(read.problems()).isEmpty();
        ExternalServer github = read.config().servers().get(0);
        assertThat(github.transport()).isEqualTo("streamable-http https://mcp.example.com/mcp");
        assertThat(github.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(github.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(github.offered("create_issue")).isEqualTo("github__create_issue");
        ExternalServer files = read.config().servers().get(1);
        assertThat(files.command()).containsExactly("npx", "-y", "server-files");
        assertThat(files.envSecrets()).containsEntry("FS_TOKEN", "files-token");
        assertThat(read.config().access().allows("writer", "github__x", false)).isTrue();
    }

    @Test
    void noFileMeansNoServersAndNoRules() {
        McpGatewayConfig.Read read = McpGatewayConfig.read(dir.resolve("absent.yaml"));
        assertThat(read.problems()).isEmpty();
        assertThat(read.config().servers()).isEmpty();
    }

    @Test
    void aPastedKeyIsRefusedWithoutBeingEchoed() throws Exception {
        String pasted = dev.keel.support.FakeKeys.all(19).get("openai-api-key");
        List<String> problems = read("servers:\n  claude: {url: 'https://x.example/mcp', bearer-secret: '" + pasted + "'}\n").problems();
        assertThat(problems).singleElement().asString().contains("servers.claude.bearer-secret: must name a secret")
                .doesNotContain(pasted);
    }

    @Test
    void eachMistakeNamesItsField() throws Exception {
        List<String> problems = read("""
                servers:
                  Bad_Name: {url: 'https://x.example/mcp'}
                  both: {url: 'https://x.example/mcp', command: [x]}
                  slow: {url: 'https://x.example/mcp', timeout: forever, colour: blue}
                agents:
                  writer: {allow: 'github__*', maybe: [x]}
                extra: 1
                """).problems();
        assertThat(problems).anyMatch(p -> p.contains("servers.Bad_Name: a server name"))
                .anyMatch(p -> p.contains("servers.both: give exactly one of url"))
                .anyMatch(p -> p.contains("servers.slow.timeout: 'forever'"))
                .anyMatch(p -> p.contains("servers.slow.colour: unknown field"))
                .anyMatch(p -> p.contains("agents.writer.allow: must be a list"))
                .anyMatch(p -> p.contains("agents.writer.maybe: unknown field"))
                .anyMatch(p -> p.contains("extra: unknown section"))
                .allMatch(p -> p.startsWith(dir.resolve("mcp.yaml").toString()));
        assertThatThrownBy(() -> McpGatewayConfig.load(dir.resolve("mcp.yaml"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("keel.mcp.gateway-file: ");
    }
}
