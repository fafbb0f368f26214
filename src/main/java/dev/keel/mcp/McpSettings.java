package dev.keel.mcp;

import dev.keel.boot.KeelSettings;
import java.nio.file.Path;
import java.time.Duration;

/** The MCP gateway's settings: where mcp.yaml is and how often Keel checks its servers (and rewrites MCP.md). */
public record McpSettings(Path gatewayFile, Duration checkInterval) {

    public static McpSettings from(KeelSettings settings) {
        return new McpSettings(settings.checkedFile(McpGatewayConfig.KEY),
                settings.duration("keel.mcp.check-interval", Duration.ofMillis(100), Duration.ofHours(1)));
    }
}
