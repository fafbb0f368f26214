package dev.keel.reports;

import dev.keel.secrets.Publisher;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** ops/skills/TOOLS_TRACKER.md (seed roles O04, O05): the tools Keel offers agents and operators, as running now. */
public final class ToolsTracker {

    /** A tool: what it is called, what kind, where it is. */
    public record Tool(String name, String kind, String where) {
    }

    private ToolsTracker() {
    }

    public static void write(Path target, List<Tool> tools, Map<String, String> libraries, Instant now) {
        StringBuilder md = new StringBuilder("# Tools tracker\n\nWritten ").append(now.truncatedTo(ChronoUnit.SECONDS))
                .append(" by the night run from what is configured and running.\n\n| tool | kind | where |\n|---|---|---|\n");
        tools.forEach(t -> md.append("| ").append(t.name()).append(" | ").append(t.kind()).append(" | ").append(t.where()).append(" |\n"));
        md.append("\n## Libraries\n\n| library | version |\n|---|---|\n");
        libraries.forEach((name, version) -> md.append("| ").append(name).append(" | ").append(version).append(" |\n"));
        Publisher.publish(target, md.toString());
    }

    /** The version a library's jar declares, or "unknown". */
    public static String versionOf(Class<?> type) {
        String version = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }
}
