package dev.keel.skills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Agent Skills format's rules for {@code skills/<name>/SKILL.md}: YAML front matter with {@code name}
 * (1-64 lowercase letters, digits and single hyphens, not at either end, equal to the folder name) and
 * {@code description} (1-1024 characters); optional {@code license}, {@code compatibility} (at most 500),
 * {@code metadata} (a map of strings) and {@code allowed-tools}; no other keys; a body under 500 lines;
 * and every relative file the body links to ({@code scripts/}, {@code references/}, {@code assets/}) present.
 */
public final class SkillRules {

    static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final Set<String> KEYS = Set.of("name", "description", "license", "compatibility", "metadata", "allowed-tools");
    private static final Pattern LINK = Pattern.compile("\\]\\(((?:scripts|references|assets)/[^)\\s#]+)\\)|`((?:scripts|references|assets)/[^`\\s]+)`");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SkillRules() {
    }

    /** Every problem of the skill in {@code folder}; empty when it follows the format. */
    public static List<SkillProblem> check(Path folder) {
        Path file = folder.resolve("SKILL.md");
        List<SkillProblem> problems = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            problems.add(new SkillProblem(file, "SKILL.md", "missing: every skill folder holds a SKILL.md"));
            return problems;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new SkillProblem(file, "SKILL.md", "unreadable as UTF-8: " + e.getMessage()));
            return problems;
        }
        String[] parts = text.replace("\r\n", "\n").split("\n---\n", 2);
        if (!text.startsWith("---\n") || parts.length < 2) {
            problems.add(new SkillProblem(file, "front matter", "SKILL.md must start with YAML front matter between --- lines"));
            return problems;
        }
        JsonNode front;
        try {
            front = YAML.readTree(parts[0].substring(4));
        } catch (IOException e) {
            problems.add(new SkillProblem(file, "front matter", "not valid YAML: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())));
            return problems;
        }
        if (front == null || !front.isObject()) {
            problems.add(new SkillProblem(file, "front matter", "must be a YAML map of keys"));
            return problems;
        }
        checkFront(file, folder.getFileName().toString(), front, problems);
        String body = parts[1];
        long lines = body.lines().count();
        if (lines >= 500) {
            problems.add(new SkillProblem(file, "body", lines + " lines; keep SKILL.md under 500 and move detail to references/"));
        }
        Matcher m = LINK.matcher(body);
        while (m.find()) {
            String ref = m.group(1) != null ? m.group(1) : m.group(2);
            if (!Files.exists(folder.resolve(ref).normalize()) || !folder.resolve(ref).normalize().startsWith(folder)) {
                problems.add(new SkillProblem(file, "body", "refers to " + ref + ", which does not exist in the skill folder"));
            }
        }
        return problems;
    }

    private static void checkFront(Path file, String folderName, JsonNode front, List<SkillProblem> problems) {
        for (Iterator<String> keys = front.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                problems.add(new SkillProblem(file, key, "not a SKILL.md key; allowed: " + String.join(", ", KEYS.stream().sorted().toList())
                        + " (put your own fields under metadata)"));
            }
        }
        String name = front.path("name").isTextual() ? front.path("name").asText() : null;
        if (name == null || name.isEmpty()) {
            problems.add(new SkillProblem(file, "name", "required: 1-64 lowercase letters, digits and hyphens"));
        } else {
            if (name.length() > 64) {
                problems.add(new SkillProblem(file, "name", name.length() + " characters; at most 64"));
            }
            if (!NAME.matcher(name).matches()) {
                problems.add(new SkillProblem(file, "name", "'" + name + "' must be lowercase letters, digits and single hyphens,"
                        + " not starting or ending with a hyphen"));
            }
            if (!name.equals(folderName)) {
                problems.add(new SkillProblem(file, "name", "'" + name + "' must equal the folder name '" + folderName + "'"));
            }
        }
        JsonNode description = front.path("description");
        if (!description.isTextual() || description.asText().isBlank()) {
            problems.add(new SkillProblem(file, "description", "required: say what the skill does and when to use it"));
        } else if (description.asText().length() > 1024) {
            problems.add(new SkillProblem(file, "description", description.asText().length() + " characters; at most 1024"));
        }
        JsonNode compatibility = front.path("compatibility");
        if (!compatibility.isMissingNode() && (!compatibility.isTextual() || compatibility.asText().length() > 500)) {
            problems.add(new SkillProblem(file, "compatibility", "must be text of at most 500 characters"));
        }
        JsonNode license = front.path("license");
        if (!license.isMissingNode() && !license.isTextual()) {
            problems.add(new SkillProblem(file, "license", "must be text (a licence name or a bundled file)"));
        }
        JsonNode metadata = front.path("metadata");
        if (!metadata.isMissingNode()) {
            boolean strings = metadata.isObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); strings && it.hasNext(); ) {
                strings = it.next().getValue().isTextual();
            }
            if (!strings) {
                problems.add(new SkillProblem(file, "metadata", "must be a map of string keys to string values (quote numbers)"));
            }
        }
        JsonNode tools = front.path("allowed-tools");
        if (!tools.isMissingNode() && !tools.isTextual()) {
            problems.add(new SkillProblem(file, "allowed-tools", "must be a space-separated string of tool names"));
        }
    }
}
