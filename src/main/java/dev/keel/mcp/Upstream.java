package dev.keel.mcp;

import dev.keel.secrets.SecretStore;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * Opens a connection to an external MCP server with the SDK's client: Streamable HTTP or stdio, its secrets
 * resolved by name through the SecretStore at connect time (a rotated key is used on the next reconnect).
 */
public final class Upstream {

    private final SecretStore secrets;
    private final McpJsonMapper json;

    public Upstream(SecretStore secrets, McpJsonMapper json) {
        this.secrets = secrets;
        this.json = json;
    }

    /** An initialised client; the caller closes it. */
    public McpSyncClient connect(ExternalServer server) {
        McpSyncClient client = McpClient.sync(transport(server)).requestTimeout(server.timeout())
                .initializationTimeout(server.connectTimeout()).jsonSchemaValidator(new SchemaValidator())
                .clientInfo(new McpSchema.Implementation("keel-gateway", "1")).build();
        try {
            client.initialize();
            return client;
        } catch (RuntimeException e) {
            client.closeGracefully();
            throw e;
        }
    }

    private McpClientTransport transport(ExternalServer server) {
        if (server.url() != null) {
            URI url = server.url();
            HttpRequest.Builder request = HttpRequest.newBuilder();
            if (server.bearerSecret() != null) {
                request.header("Authorization", "Bearer " + secret(server, server.bearerSecret()));
            }
            server.headerSecrets().forEach((header, name) -> request.header(header, secret(server, name)));
            String base = url.getScheme() + "://" + url.getRawAuthority();
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            return HttpClientStreamableHttpTransport.builder(base).endpoint(path + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
                    .requestBuilder(request).connectTimeout(server.connectTimeout()).openConnectionOnStartup(false).jsonMapper(json).build();
        }
        ServerParameters.Builder params = ServerParameters.builder(server.command().get(0)).args(server.command().subList(1, server.command().size()));
        Map<String, String> env = new java.util.HashMap<>();
        server.envSecrets().forEach((variable, name) -> env.put(variable, secret(server, name)));
        params.env(env);
        return new StdioClientTransport(params.build(), json);
    }

    private String secret(ExternalServer server, String name) {
        return secrets.get(name).orElseThrow(() -> new IllegalStateException("secret '" + name + "' for MCP server " + server.name()
                + " is not in secrets/, Docker secrets or the environment")).reveal();
    }
}
