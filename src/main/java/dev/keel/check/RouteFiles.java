package dev.keel.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * routes/*.camel.yaml: each file parsed by Camel's own YAML DSL loader (into route definitions, nothing
 * started), then every bean it names and every {@code {{keel.*}}} property it reads must exist.
 */
final class RouteFiles {

    private static final Pattern REF = Pattern.compile("\\bref:\\s*\"?([A-Za-z][\\w-]*)\"?|\"#(?:bean:)?([A-Za-z][\\w-]*)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(keel\\.[A-Za-z0-9.\\-]+)(?::[^}]*)?}}");

    private RouteFiles() {
    }

    /** {@code keys}: the keel.* keys Keel resolves; {@code beans}: the names its wiring binds. */
    static List<CheckProblem> check(Path folder, Set<String> keys, Set<String> beans) {
        List<CheckProblem> problems = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            return List.of(new CheckProblem(folder.toString(), "", "cannot list the routes folder: " + e.getMessage()));
        }
        if (files.isEmpty()) {
            problems.add(new CheckProblem(folder.toString(), "", "holds no *.camel.yaml route files"));
        }
        // a context that is never started: only the loader and the model are used
        CamelContext camel = new DefaultCamelContext();
        for (Path file : files) {
            parse(camel, file).ifPresent(problems::add);
            problems.addAll(references(file, keys, beans));
        }
        return problems;
    }

    private static java.util.Optional<CheckProblem> parse(CamelContext camel, Path file) {
        try {
            Resource resource = ResourceHelper.resolveResource(camel, "file:" + file.toAbsolutePath());
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource)) {
                if (builder instanceof RouteBuilder routes) {
                    routes.configureRoutes(camel);
                }
            }
            return java.util.Optional.empty();
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return java.util.Optional.of(new CheckProblem(file.toString(), "", "Camel's YAML DSL cannot load it: " + message));
        }
    }

    static List<CheckProblem> references(Path file, Set<String> keys, Set<String> beans) {
        List<CheckProblem> problems = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of(new CheckProblem(file.toString(), "", "cannot read it: " + e.getMessage()));
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher ref = REF.matcher(line);
            while (ref.find()) {
                String bean = ref.group(1) != null ? ref.group(1) : ref.group(2);
                if (!beans.contains(bean) && !line.contains("{{")) {
                    problems.add(new CheckProblem(file.toString(), "line " + (i + 1), "bean '" + bean + "' is not one Keel binds"));
                }
            }
            Matcher key = PLACEHOLDER.matcher(line);
            while (key.find()) {
                if (!known(key.group(1), keys)) {
                    problems.add(new CheckProblem(file.toString(), "line " + (i + 1), "property {{" + key.group(1)
                            + "}} is not a keel.* key (none in application.properties)"));
                }
            }
        }
        return problems;
    }

    /**
     * A documented key, one KeelConfiguration publishes, or a millisecond value an area's wiring derives from a
     * documented duration ({@code keel.alerts.interval-ms} from {@code keel.alerts.interval}).
     */
    private static boolean known(String key, Set<String> keys) {
        return keys.contains(key) || key.endsWith("-ms") && keys.contains(key.substring(0, key.length() - 3));
    }

    /**
     * The documented keys and those KeelConfiguration derives for routes ({@code keel.health.interval-ms} ...), the
     * latter found by running its own publishing step against a recorder, so the check follows it.
     */
    static Set<String> keys(dev.keel.boot.KeelSettings settings, dev.keel.boot.AreaSettings areas) {
        Set<String> keys = new java.util.TreeSet<>(settings.asMap().keySet());
        org.apache.camel.spi.PropertiesComponent recorder = (org.apache.camel.spi.PropertiesComponent) java.lang.reflect.Proxy.newProxyInstance(
                RouteFiles.class.getClassLoader(), new Class<?>[] {org.apache.camel.spi.PropertiesComponent.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addOverrideProperty")) {
                        keys.add((String) args[0]);
                    }
                    return null;
                });
        dev.keel.boot.KeelConfiguration.publishDerived(recorder, areas);
        return keys;
    }
}
