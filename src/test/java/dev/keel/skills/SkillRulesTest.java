package dev.keel.skills;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Agent Skills rules one by one: a good skill passes, each bad fixture breaks exactly one rule. */
class SkillRulesTest {

    @TempDir
    Path dir;

    private Path skill(String folder, String front, String body) throws IOException {
        Path f = Files.createDirectories(dir.resolve(folder));
        Files.writeString(f.resolve("SKILL.md"), "---\n" + front + "\n---\n" + body);
        return f;
    }

    private static List<String> fields(List<SkillProblem> problems) {
        return problems.stream().map(SkillProblem::field).toList();
    }

    @Test
    void aSkillFollowingTheFormatHasNoProblems() throws IOException {
        Path s = skill("pdf-tools", "name: pdf-tools\ndescription: Fills PDF forms. Use for PDF work.\nlicense: MIT\n"
                + "compatibility: python3\nmetadata:\n  owner: ops\nallowed-tools: Bash(python3:*)", "See [the guide](references/guide.md).\n");
        Files.createDirectories(s.resolve("references"));
        Files.writeString(s.resolve("references/guide.md"), "guide");
        assertThat(SkillRules.check(s)).isEmpty();
    }

    @Test
    void refusesANameThatDiffersFromTheFolder() throws IOException {
        assertThat(fields(SkillRules.check(skill("pdf-tools", "name: pdf\ndescription: d", "")))).containsExactly("name");
    }

    @Test
    void refusesUppercaseLeadingTrailingAndDoubleHyphens() throws IOException {
        for (String name : List.of("Pdf", "-pdf", "pdf-", "pdf--tools")) {
            List<SkillProblem> problems = SkillRules.check(skill(name, "name: " + name + "\ndescription: d", ""));
            assertThat(problems).as(name).anyMatch(p -> p.field().equals("name") && p.message().contains("single hyphens"));
        }
    }

    @Test
    void refusesANameOver64Characters() throws IOException {
        String name = "a".repeat(65);
        assertThat(SkillRules.check(skill(name, "name: " + name + "\ndescription: d", "")))
                .extracting(SkillProblem::message).anyMatch(m -> m.contains("at most 64"));
    }

    @Test
    void refusesAMissingOrTooLongDescription() throws IOException {
        assertThat(fields(SkillRules.check(skill("a", "name: a", "")))).containsExactly("description");
        assertThat(fields(SkillRules.check(skill("b", "name: b\ndescription: " + "x".repeat(1025), "")))).containsExactly("description");
    }

    @Test
    void refusesACompatibilityOver500Characters() throws IOException {
        assertThat(fields(SkillRules.check(skill("a", "name: a\ndescription: d\ncompatibility: " + "x".repeat(501), ""))))
                .containsExactly("compatibility");
    }

    @Test
    void refusesMetadataThatIsNotAStringMap() throws IOException {
        assertThat(fields(SkillRules.check(skill("a", "name: a\ndescription: d\nmetadata:\n  version: 2", "")))).containsExactly("metadata");
    }

    @Test
    void refusesOtherFrontMatterKeys() throws IOException {
        assertThat(fields(SkillRules.check(skill("a", "name: a\ndescription: d\nversion: '1'", "")))).containsExactly("version");
    }

    @Test
    void refusesABodyOf500LinesOrMore() throws IOException {
        assertThat(fields(SkillRules.check(skill("a", "name: a\ndescription: d", "line\n".repeat(500))))).containsExactly("body");
    }

    @Test
    void refusesAReferenceToAMissingFile() throws IOException {
        List<SkillProblem> problems = SkillRules.check(skill("a", "name: a\ndescription: d", "Run `scripts/go.py`.\n"));
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.toString()).contains("SKILL.md: body: refers to scripts/go.py"));
    }

    @Test
    void refusesAFolderWithoutFrontMatter() throws IOException {
        Path f = Files.createDirectories(dir.resolve("a"));
        Files.writeString(f.resolve("SKILL.md"), "# no front matter\n");
        assertThat(fields(SkillRules.check(f))).containsExactly("front matter");
    }

    @Test
    void everyShippedTemplateScaffoldsASkillThatPasses() throws IOException {
        Path templates = Path.of("templates/skills").toAbsolutePath();
        assertThat(SkillFolders.names(templates)).contains("instructions", "python-script", "mcp-tool");
        for (String template : SkillFolders.names(templates)) {
            Path made = SkillFolders.create(templates, dir.resolve("skills"), "my-" + template, template);
            assertThat(SkillRules.check(made)).as(template).isEmpty();
            assertThat(Files.readString(made.resolve("SKILL.md"))).contains("name: my-" + template);
        }
        String report = Files.readString(SkillTemplatesReport.write(templates, dir.resolve("SKILL_TEMPLATES.md")));
        assertThat(report).contains("| python-script |", "scripts/main.py", "| mcp-tool | Submits a content brief");
    }

    @Test
    void aPythonScriptThatDoesNotCompileIsAProblemWhenPython3IsThere() throws IOException {
        Path s = skill("a", "name: a\ndescription: d", "");
        Files.createDirectories(s.resolve("scripts"));
        Files.writeString(s.resolve("scripts/bad.py"), "def broken(:\n");
        SkillScripts.Outcome outcome = SkillScripts.check(s);
        if (outcome.notes().stream().anyMatch(n -> n.startsWith("python3 is not installed"))) {
            assertThat(outcome.problems()).noneMatch(p -> p.field().equals("python"));
        } else {
            assertThat(outcome.problems()).anyMatch(p -> p.field().equals("python") && p.file().endsWith("bad.py"));
        }
    }
}
