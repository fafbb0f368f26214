package dev.keel.check;

import dev.keel.boot.AreaSettings;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelRuntime;
import dev.keel.boot.KeelSettings;
import dev.keel.content.ContentTemplates;
import dev.keel.export.ExportTemplates;
import dev.keel.skills.SkillsCheck;
import dev.keel.skills.SkillScripts;
import dev.keel.storage.RejectedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code keel check}: a working copy validated before it runs. The fast part ({@link #fast}: configuration files
 * and prompts) is also the preflight's, so Keel refuses to start on what it would refuse here; the full check adds
 * every keel.* value (all of them, not the first bad one), the routes through Camel's YAML DSL loader, templates,
 * skills and docker-compose.yml.
 */
public final class WorkingCopyCheck {

    /** What was found, the checks that could not run, and what was checked. */
    public record Result(List<CheckProblem> problems, List<String> notes, List<String> checked) {
    }

    /** A service in the {@code cluster} profile: {@code profiles: [cluster]} or a block list with {@code - cluster}. */
    private static final java.util.regex.Pattern CLUSTER_PROFILE = java.util.regex.Pattern.compile(
            "profiles:[^\\n]*\\bcluster\\b|profiles:\\s*\\n\\s*-\\s*cluster\\b");

    private WorkingCopyCheck() {
    }

    /** The preflight's part: problems in the configuration files and the prompt bank. */
    public static List<CheckProblem> fast(KeelSettings settings, AreaSettings areas) {
        return fast(settings, areas, dev.keel.alert.AlertRulesFile.read(areas.alerts().rulesFile()));
    }

    /** As above, on alerts.yaml as the caller already read it. */
    public static List<CheckProblem> fast(KeelSettings settings, AreaSettings areas, dev.keel.alert.AlertRulesFile.Read alerts) {
        return ConfigFiles.check(areas, dev.keel.mcp.McpSettings.from(settings).gatewayFile(), alerts.problems());
    }

    public static Result full(KeelSettings settings) {
        List<CheckProblem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        Valid valid = settings(settings, problems);
        checked.add("every keel.* value parses and is in range (the typed settings records the preflight builds)");
        if (valid == null) {
            return new Result(problems, notes, checked);
        }
        // the rest runs on the settings with each bad value at its default, so one bad key does not hide the files' problems
        settings = valid.settings();
        AreaSettings areas = valid.areas();
        problems.addAll(fast(settings, areas));
        checked.add("providers.yaml, routing.yaml, safety.yaml, alerts.yaml and mcp.yaml through Keel's own loaders");
        checked.add("every prompt in the prompt bank parses and renders with its declared variables");
        if (Files.isDirectory(areas.routes())) {
            problems.addAll(RouteFiles.check(areas.routes(), RouteFiles.keys(settings, areas), KeelBeans.NAMES));
        } else {
            problems.add(new CheckProblem(areas.routes().toString(), "keel.routes", "is not a folder of *.camel.yaml routes"));
        }
        checked.add("routes/*.camel.yaml load with Camel's YAML DSL and name only beans and keel.* properties that exist");
        problems.addAll(templates(settings, areas));
        checked.add("the default content template and every export template load");
        SkillsCheck.Outcome skills = SkillsCheck.all(areas.home().resolve("skills"));
        skills.problems().forEach(p -> problems.add(new CheckProblem(p.file().toString(), p.field(), p.message())));
        notes.addAll(skills.notes());
        checked.add("skills/*: SKILL.md rules, Python scripts byte-compiled, ruff when installed (" + skills.skills() + " skills)");
        compose(areas.home(), problems, notes);
        checked.add("docker-compose.yml (and its cluster profile): docker-compose config -q");
        return new Result(List.copyOf(problems), List.copyOf(notes), List.copyOf(checked));
    }

    private record Valid(KeelSettings settings, AreaSettings areas) {
    }

    /** Every bad value, not just the first: each one found is set back to its default and the records are built again. */
    private static Valid settings(KeelSettings settings, List<CheckProblem> problems) {
        Properties defaults = defaults();
        Map<String, String> values = new HashMap<>(settings.asMap());
        KeelSettings current = settings;
        for (int round = 0; round < 100; round++) {
            try {
                AreaSettings areas = AreaSettings.from(current);
                dev.keel.mcp.McpSettings.from(current);
                return new Valid(current, areas);
            } catch (ConfigException e) {
                problems.add(new CheckProblem("settings", e.key(), e.getMessage().substring(e.key().length() + 2)));
                String fallback = defaults.getProperty(e.key());
                if (fallback == null || fallback.trim().equals(values.get(e.key()))) {
                    return null;
                }
                values.put(e.key(), fallback.trim());
                current = KeelSettings.of(values);
            }
        }
        return null;
    }

    private static Properties defaults() {
        Properties defaults = new Properties();
        try (var in = KeelRuntime.class.getResourceAsStream("/application.properties")) {
            defaults.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return defaults;
    }

    private static List<CheckProblem> templates(KeelSettings settings, AreaSettings areas) {
        List<CheckProblem> problems = new ArrayList<>();
        try {
            new ContentTemplates(areas.content().templates(), areas.content().template()).get(null);
        } catch (RejectedInputException e) {
            problems.add(new CheckProblem(areas.content().templates().toString(), "keel.content.template", e.getMessage()));
        }
        ExportTemplates export = new ExportTemplates(areas.export().templates());
        for (String name : export.names()) {
            try {
                export.get(name);
            } catch (RuntimeException e) {
                problems.add(new CheckProblem(areas.export().templates().resolve(name).toString(), "", e.getMessage()));
            }
        }
        return problems;
    }

    private static void compose(Path home, List<CheckProblem> problems, List<String> notes) {
        Path file = home.resolve("docker-compose.yml");
        if (!Files.isRegularFile(file)) {
            notes.add("docker-compose.yml: skipped: the working copy has none");
            return;
        }
        List<List<String>> runs = new ArrayList<>(List.of(List.of("docker-compose", "-f", file.toString(), "config", "-q")));
        try {
            if (CLUSTER_PROFILE.matcher(Files.readString(file)).find()) {
                runs.add(List.of("docker-compose", "-f", file.toString(), "--profile", "cluster", "config", "-q"));
            }
        } catch (java.io.IOException e) {
            problems.add(new CheckProblem(file.toString(), "", "cannot read it: " + e.getMessage()));
            return;
        }
        for (List<String> command : runs) {
            SkillScripts.Run run = SkillScripts.run(home, command.toArray(String[]::new));
            if (run == null) {
                notes.add("docker-compose.yml: skipped: docker-compose not installed");
                return;
            }
            if (run.exit() != 0) {
                String profile = command.contains("--profile") ? "profile cluster" : "";
                problems.add(new CheckProblem(file.toString(), profile, run.output().strip().lines().findFirst().orElse("invalid")));
            }
        }
    }
}
