package dev.keel.mcp;

import dev.keel.reports.ToolsTracker;
import dev.keel.skills.SkillProblem;
import dev.keel.skills.SkillRules;
import dev.keel.skills.SkillsCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;

/** TOOLS_TRACKER.md's rows for agents' tools: Keel's MCP tools, each external server's (with its health) and the skills. */
public final class McpTracker {

    private McpTracker() {
    }

    public static List<ToolsTracker.Tool> tools(CamelContext camel, Path home) {
        List<ToolsTracker.Tool> rows = new ArrayList<>();
        McpGateway gateway = camel == null ? null : camel.getRegistry().lookupByNameAndType("mcpGateway", McpGateway.class);
        if (gateway != null) {
            gateway.own().forEach(t -> rows.add(new ToolsTracker.Tool(t.name(), "MCP tool (Keel)", "/mcp: available")));
            for (ServerHealth h : gateway.health()) {
                if (h.up()) {
                    h.tools().forEach(t -> rows.add(new ToolsTracker.Tool(t, "MCP tool (" + h.server().name() + ")", "/mcp via "
                            + h.server().transport() + ": up")));
                } else {
                    rows.add(new ToolsTracker.Tool(h.server().name() + "__*", "MCP server", h.server().transport() + ": DOWN since "
                            + h.since() + " (" + h.reason().replace("|", "/") + ")"));
                }
            }
        }
        for (Path skill : SkillsCheck.folders(home.resolve("skills"))) {
            List<SkillProblem> problems = SkillRules.check(skill);
            rows.add(new ToolsTracker.Tool(skill.getFileName().toString(), "skill", "skills/" + skill.getFileName() + ": "
                    + (problems.isEmpty() ? "passes keel skills check" : "FAILS keel skills check (" + problems.size() + " problems)")));
        }
        return rows;
    }
}
