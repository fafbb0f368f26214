package dev.keel.mcp;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ops/ reports (HEALTH.md, ROUTER.md, TOOLS_TRACKER.md, the skills catalogue in ops/skills, ...) as
 * MCP resources {@code keel://ops/<area>/<file>.md}: those present at start-up are listed, and the
 * template reads any report written later. Only plain names one folder deep are read, never a path out.
 */
public final class KeelResources {

    static final Pattern URI = Pattern.compile("keel://ops/([A-Za-z0-9_-]+)/([A-Za-z0-9_.-]+\\.md)");

    private final Path ops;

    public KeelResources(Path ops) {
        this.ops = ops;
    }

    public List<SyncResourceSpecification> specifications() {
        if (!Files.isDirectory(ops)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(ops, 2)) {
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".md"))
                    .map(f -> "keel://ops/" + ops.relativize(f).toString().replace('\\', '/'))
                    .filter(u -> URI.matcher(u).matches()).sorted()
                    .map(u -> new SyncResourceSpecification(McpSchema.Resource.builder().uri(u).name(u.substring("keel://ops/".length()))
                            .mimeType("text/markdown").description("Keel report, generated from live state").build(),
                            (context, request) -> read(request.uri())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SyncResourceTemplateSpecification template() {
        McpSchema.ResourceTemplate template = McpSchema.ResourceTemplate.builder().uriTemplate("keel://ops/{area}/{name}")
                .name("ops-report").description("Any report in Keel's ops/ folder, e.g. keel://ops/health/HEALTH.md")
                .mimeType("text/markdown").build();
        return new SyncResourceTemplateSpecification(template, (context, request) -> read(request.uri()));
    }

    McpSchema.ReadResourceResult read(String uri) {
        Matcher m = URI.matcher(uri == null ? "" : uri);
        if (!m.matches() || m.group(2).startsWith(".")) {
            throw McpError.RESOURCE_NOT_FOUND.apply(uri + " (Keel serves keel://ops/<area>/<file>.md)");
        }
        Path file = ops.resolve(m.group(1)).resolve(m.group(2));
        if (!Files.isRegularFile(file)) {
            throw McpError.RESOURCE_NOT_FOUND.apply(uri + " (not written yet)");
        }
        try {
            String text = dev.keel.secrets.SecretMasker.mask(Files.readString(file, StandardCharsets.UTF_8));
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "text/markdown", text)));
        } catch (IOException e) {
            throw McpError.RESOURCE_NOT_FOUND.apply(uri + " (unreadable: " + e.getMessage() + ")");
        }
    }
}
