package dev.keel.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.Keel;
import dev.keel.boot.KeelRuntime;
import dev.keel.boot.KeelSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * keel check on a working copy with one broken thing of each kind names each problem (file and key or field); the
 * repository's own working copy passes; and `keel run` refuses a copy whose configuration files fail (exit 2).
 */
class WorkingCopyCheckTest {

    @TempDir
    Path home;

    private KeelSettings settings() {
        Properties system = new Properties();
        system.setProperty("keel.http.port", "0");
        system.setProperty("keel.management.port", "0");
        return KeelRuntime.settings(home, Map.of(), system);
    }

    /** A working copy good in every respect: the repository's routes, templates and compose file. */
    private void goodCopy() throws Exception {
        copyTree(Path.of("routes"), home.resolve("routes"));
        copyTree(Path.of("templates"), home.resolve("templates"));
        copyTree(Path.of("prompts"), home.resolve("prompts"));
        Files.copy(Path.of("docker-compose.yml"), home.resolve("docker-compose.yml"));
        Files.writeString(home.resolve("keel.properties"), "keel.http.port=0\nkeel.management.port=0\n");
    }

    private void breakEveryKind() throws Exception {
        Files.writeString(home.resolve("keel.properties"), "keel.http.port=0\nkeel.management.port=0\nkeel.guard.mode=loud\n"
                + "keel.night.cron=every night at two\nkeel.content.template=no-such-template\n");
        Files.writeString(home.resolve("providers.yaml"), """
                providers:
                  - {name: ollama, type: ollama, tier: local, base-url: 'http://127.0.0.1:9', models: [qwen]}
                routing:
                  target-mix: {local: 90, reasoning: 0, critical: 0}
                  fallback: [ollama]
                """);
        Files.createDirectories(home.resolve("ops/configs"));
        Files.writeString(home.resolve("ops/configs/safety.yaml"), "pii: [not, a, map\n");
        Files.writeString(home.resolve("ops/configs/mcp.yaml"), """
                servers:
                  github: {timeout: 30s}
                agents:
                  writer: {allow: [github__*], deny: "everything"}
                """);
        Files.writeString(home.resolve("routes/broken.camel.yaml"), "- route:\n    id: broken\n    from: {uri: [timer\n");
        Files.writeString(home.resolve("routes/references.camel.yaml"), """
                - route:
                    id: references
                    from:
                      uri: timer:refs
                      parameters: {period: "{{keel.no-such.setting}}"}
                      steps:
                        - bean: {ref: noSuchBean}
                """);
        Files.writeString(home.resolve("prompts/undeclared.md"), "---\nversion: 1\nvariables: [a]\n---\nUses {{a}} and {{b}}.\n");
        Files.createDirectories(home.resolve("skills/Bad_Name"));
        Files.writeString(home.resolve("skills/Bad_Name/SKILL.md"), "---\nname: Bad_Name\ndescription: Does things.\n---\nBody\n");
        Files.writeString(home.resolve("docker-compose.yml"), "services:\n  keel: 5\n");
    }

    @Test
    void theRepositorysWorkingCopyPasses() throws Exception {
        goodCopy();
        WorkingCopyCheck.Result result = WorkingCopyCheck.full(settings());
        assertThat(result.problems()).isEmpty();
        assertThat(result.checked()).anyMatch(c -> c.contains("Camel's YAML DSL")).anyMatch(c -> c.contains("docker-compose"));
    }

    @Test
    void namesEachProblemWithItsFileAndKey() throws Exception {
        goodCopy();
        breakEveryKind();
        List<String> lines = WorkingCopyCheck.full(settings()).problems().stream().map(CheckProblem::toString).toList();

        assertThat(lines).anyMatch(l -> l.startsWith("settings: keel.guard.mode: 'loud'"));
        assertThat(lines).anyMatch(l -> l.startsWith("settings: keel.night.cron: 'every night at two'"));
        assertThat(lines).anyMatch(l -> l.contains("providers.yaml") && l.contains("target-mix adds up to 90"));
        assertThat(lines).anyMatch(l -> l.contains("safety.yaml") && l.contains("keel.content.safety-file"));
        assertThat(lines).anyMatch(l -> l.contains("mcp.yaml") && l.contains("servers.github")
                && l.contains("exactly one of url"));
        assertThat(lines).anyMatch(l -> l.contains("mcp.yaml") && l.contains("agents.writer.deny") && l.contains("must be a list"));
        assertThat(lines).anyMatch(l -> l.contains("broken.camel.yaml") && l.contains("Camel's YAML DSL cannot load it"));
        assertThat(lines).anyMatch(l -> l.contains("references.camel.yaml: line 7") && l.contains("bean 'noSuchBean'"));
        assertThat(lines).anyMatch(l -> l.contains("references.camel.yaml: line 5") && l.contains("{{keel.no-such.setting}}"));
        assertThat(lines).anyMatch(l -> l.contains("undeclared.md") && l.contains("{{b}}"));
        assertThat(lines).anyMatch(l -> l.contains("keel.content.template") && l.contains("no-such-template"));
        assertThat(lines).anyMatch(l -> l.contains("Bad_Name") && l.contains("SKILL.md") && l.contains("name"));
        assertThat(lines).anyMatch(l -> l.contains("docker-compose.yml"));
    }

    @Test
    void theCommandExitsOneAndWritesCiMd() throws Exception {
        goodCopy();
        Files.writeString(home.resolve("prompts/undeclared.md"), "---\nversion: 1\n---\nUses {{b}}.\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = withStderr(err, () -> new CommandLine(new Keel()).execute("--home", home.toString(), "check"));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("undeclared.md: ").contains("{{b}}");
        String ci = Files.readString(home.resolve("ops/configs/CI.md"));
        assertThat(ci).contains("## What `keel check` verifies").contains("FAILED: 1 problems").contains("undeclared.md");
    }

    @Test
    void keelRefusesToStartOnAWorkingCopyThatFailsTheFastPart() throws Exception {
        goodCopy();
        Files.createDirectories(home.resolve("ops/configs"));
        Files.writeString(home.resolve("ops/configs/mcp.yaml"), "servers:\n  github: {url: 'ftp://example'}\n");
        Files.writeString(home.resolve("prompts/undeclared.md"), "---\nversion: 1\n---\nUses {{b}}.\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = withStderr(err, () -> new CommandLine(new Keel()).execute("--home", home.toString(), "run"));

        assertThat(exit).isEqualTo(Keel.CONFIG_ERROR);
        String out = err.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("keel: keel check: 2 problems in the working copy; Keel does not start on it");
        assertThat(out.lines()).anyMatch(l -> l.contains("mcp.yaml: servers.github.url: must be an http or https URL"))
                .anyMatch(l -> l.contains("undeclared.md") && l.contains("{{b}}"));
    }

    @Test
    void ciMdListsTheStepsOfCiRun() throws Exception {
        Path report = CiReport.write(home.resolve("CI.md"), Path.of("."), new WorkingCopyCheck.Result(List.of(), List.of("n"),
                List.of("c")), Instant.EPOCH);
        assertThat(Files.readString(report)).contains("- docker-compose.yml").contains("PASSED at 1970-01-01T00:00:00Z");
    }

    private static int withStderr(ByteArrayOutputStream err, java.util.concurrent.Callable<Integer> body) throws Exception {
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return body.call();
        } finally {
            System.setErr(original);
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
