package dev.keel.mcp;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One external MCP server of ops/configs/mcp.yaml: reached over Streamable HTTP ({@code url}) or as a child
 * process speaking stdio ({@code command}); credentials are secret names resolved through the SecretStore
 * when Keel connects, never values.
 */
public record ExternalServer(String name, URI url, List<String> command, String bearerSecret, Map<String, String> headerSecrets,
                             Map<String, String> envSecrets, Duration timeout, Duration connectTimeout) {

    /** The separator between server and tool in the names Keel offers ({@code github__create_issue}); valid in MCP tool names. */
    public static final String SEPARATOR = "__";

    public String transport() {
        return url != null ? "streamable-http " + url : "stdio " + String.join(" ", command);
    }

    public String offered(String tool) {
        return name + SEPARATOR + tool;
    }
}
