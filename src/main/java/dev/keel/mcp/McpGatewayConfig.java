package dev.keel.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import dev.keel.secrets.OutputScanner;
import dev.keel.storage.InputMappers;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ops/configs/mcp.yaml, read and checked: the external MCP servers Keel offers behind /mcp and who may call
 * which tool. Every mistake is one problem naming the field; no file means no external servers.
 */
public record McpGatewayConfig(List<ExternalServer> servers, ToolAccess access) {

    public static final String KEY = "keel.mcp.gateway-file";
    private static final Pattern SERVER_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Set<String> SERVER_FIELDS = Set.of("url", "command", "bearer-secret", "header-secrets", "env-secrets",
            "timeout", "connect-timeout");

    /** A file's servers and rules, with what is wrong in it (each line names file and field). */
    public record Read(McpGatewayConfig config, List<String> problems) {
    }

    public static McpGatewayConfig empty() {
        return new McpGatewayConfig(List.of(), ToolAccess.none());
    }

    /** The file, refused with every problem when any. */
    public static McpGatewayConfig load(Path file) {
        Read read = read(file);
        if (!read.problems().isEmpty()) {
            throw new ConfigException(KEY, String.join("; ", read.problems()));
        }
        return read.config();
    }

    public static Read read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return new Read(empty(), List.of());
        }
        JsonNode root;
        try {
            root = InputMappers.yaml().readTree(Files.newInputStream(file));
        } catch (IOException e) {
            return new Read(empty(), List.of(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        List<String> problems = new ArrayList<>();
        Parser parser = new Parser(file.toString(), problems);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Read(empty(), List.of());
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("servers") && !key.equals("agents")) {
                problems.add(file + ": " + key + ": unknown section (servers, agents)");
            }
        }
        List<ExternalServer> servers = new ArrayList<>();
        root.path("servers").fields().forEachRemaining(e -> parser.server(e.getKey(), e.getValue()).ifPresent(servers::add));
        Map<String, ToolAccess.Rule> agents = new LinkedHashMap<>();
        root.path("agents").fields().forEachRemaining(e -> agents.put(e.getKey(), parser.rule("agents." + e.getKey(), e.getValue())));
        return new Read(new McpGatewayConfig(List.copyOf(servers), new ToolAccess(Map.copyOf(agents))), List.copyOf(problems));
    }

    private record Parser(String file, List<String> problems) {

        java.util.Optional<ExternalServer> server(String name, JsonNode node) {
            String at = "servers." + name;
            int before = problems.size();
            if (!SERVER_NAME.matcher(name).matches()) {
                problem(at, "a server name is 1-32 lower-case letters, digits and inner hyphens (it prefixes its tools)");
            }
            node.fieldNames().forEachRemaining(f -> {
                if (!SERVER_FIELDS.contains(f)) {
                    problem(at + "." + f, "unknown field (" + String.join(", ", new java.util.TreeSet<>(SERVER_FIELDS)) + ")");
                }
            });
            URI url = null;
            if (node.hasNonNull("url")) {
                try {
                    url = URI.create(node.get("url").asText());
                    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                        problem(at + ".url", "must be an http or https URL of the server's MCP endpoint");
                    }
                } catch (IllegalArgumentException e) {
                    problem(at + ".url", "is not a URL: " + e.getMessage());
                }
            }
            List<String> command = new ArrayList<>();
            node.path("command").forEach(c -> command.add(c.asText()));
            if (node.path("command").isTextual()) {
                problem(at + ".command", "must be a list: the program and its arguments");
            }
            if ((url == null) == command.isEmpty()) {
                problem(at, "give exactly one of url (Streamable HTTP) or command (stdio)");
            }
            ExternalServer server = new ExternalServer(name, url, List.copyOf(command), secretName(at + ".bearer-secret", node.get("bearer-secret")),
                    secretNames(at + ".header-secrets", node.path("header-secrets")), secretNames(at + ".env-secrets", node.path("env-secrets")),
                    duration(at + ".timeout", node.path("timeout").asText("30s")),
                    duration(at + ".connect-timeout", node.path("connect-timeout").asText("10s")));
            return problems.size() == before ? java.util.Optional.of(server) : java.util.Optional.empty();
        }

        ToolAccess.Rule rule(String at, JsonNode node) {
            node.fieldNames().forEachRemaining(f -> {
                if (!f.equals("allow") && !f.equals("deny")) {
                    problem(at + "." + f, "unknown field (allow, deny)");
                }
            });
            return new ToolAccess.Rule(patterns(at + ".allow", node.path("allow")), patterns(at + ".deny", node.path("deny")));
        }

        private List<String> patterns(String at, JsonNode node) {
            if (!node.isMissingNode() && !node.isArray()) {
                problem(at, "must be a list of tool names or patterns such as github__*");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            node.forEach(p -> {
                if (!p.asText().matches("[A-Za-z0-9_.*-]{1,128}")) {
                    problem(at, "'" + p.asText() + "' is not a tool name pattern (letters, digits, _ - . and *)");
                } else {
                    out.add(p.asText());
                }
            });
            return List.copyOf(out);
        }

        private Map<String, String> secretNames(String at, JsonNode node) {
            Map<String, String> out = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> {
                String name = secretName(at + "." + e.getKey(), e.getValue());
                if (name != null) {
                    out.put(e.getKey(), name);
                }
            });
            return Map.copyOf(out);
        }

        private String secretName(String at, JsonNode node) {
            if (node == null || node.isNull()) {
                return null;
            }
            String value = node.asText();
            if (!OutputScanner.scan(value).isEmpty() || !SECRET_NAME.matcher(value).matches()) {
                // never echo the value: it may be a pasted key
                problem(at, "must name a secret (secrets/<name>, Docker secret or environment variable), not hold a value");
                return null;
            }
            return value;
        }

        private Duration duration(String at, String value) {
            try {
                return KeelSettings.of(Map.of(at, value)).duration(at, Duration.ofMillis(100), Duration.ofMinutes(30));
            } catch (ConfigException e) {
                problems.add(file + ": " + e.getMessage());
                return Duration.ofSeconds(30);
            }
        }

        private void problem(String at, String message) {
            problems.add(file + ": " + at + ": " + message);
        }
    }
}
