package dev.keel.check;

import dev.keel.boot.AreaSettings;
import dev.keel.boot.ConfigException;
import dev.keel.content.PromptStore;
import dev.keel.content.safety.SafetyConfig;
import dev.keel.mcp.McpGatewayConfig;
import dev.keel.storage.RejectedInputException;
import dev.keel.storage.TextInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fast part of {@code keel check}, also run by the preflight: the working copy's configuration files through
 * the loaders Keel itself uses (so a file the check passes is a file Keel reads), and the prompt bank rendered.
 */
final class ConfigFiles {

    private ConfigFiles() {
    }

    static List<CheckProblem> check(AreaSettings areas, Path mcpFile, List<String> alertProblems) {
        List<CheckProblem> problems = new ArrayList<>();
        Path providers = areas.router().providersFile();
        // providers.yaml and routing.yaml: the router's own loader, the same call RouterWiring makes
        loader(problems, providers + " / " + areas.router().routingFile(), () -> areas.router().config());
        loader(problems, areas.content().safetyFile().toString(), () -> SafetyConfig.load(areas.content().safetyFile()));
        McpGatewayConfig.read(mcpFile).problems().forEach(p -> problems.add(line(p)));
        alertProblems.forEach(p -> problems.add(line(p)));
        problems.addAll(prompts(areas.content().prompts()));
        return problems;
    }

    private static void loader(List<CheckProblem> problems, String file, Runnable load) {
        try {
            load.run();
        } catch (ConfigException e) {
            problems.add(new CheckProblem(file, e.key(), e.getMessage().substring(e.key().length() + 2)));
        }
    }

    /** Each prompts/*.md parsed and rendered with every declared variable filled. */
    static List<CheckProblem> prompts(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<CheckProblem> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.md$", "");
                try {
                    var prompt = PromptStore.parse(name, TextInput.utf8(file.getFileName().toString(), Files.readAllBytes(file)));
                    java.util.Map<String, String> values = new java.util.HashMap<>();
                    prompt.variables().forEach(v -> values.put(v, "x"));
                    prompt.render(values);
                } catch (RejectedInputException | IllegalArgumentException e) {
                    problems.add(new CheckProblem(file.toString(), "", e.getMessage()));
                }
            }
        } catch (IOException e) {
            problems.add(new CheckProblem(folder.toString(), "", "cannot read the prompt bank: " + e.getMessage()));
        }
        return problems;
    }

    /** "file: field: message" from a loader's line. */
    private static CheckProblem line(String text) {
        int colon = text.indexOf(": ");
        return colon < 0 ? new CheckProblem(text, "", "") : new CheckProblem(text.substring(0, colon), "", text.substring(colon + 2));
    }
}
