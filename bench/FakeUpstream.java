import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A zero-latency OpenAI-compatible upstream for bench/gateway.sh: every POST to /v1/chat/completions
 * gets the same chat.completion answer with usage, at once. Usage: java bench/FakeUpstream.java PORT [article]
 */
public class FakeUpstream {
    public static void main(String[] args) throws Exception {
        // "article": a Markdown article that passes the content QA gate (bench/content.sh); else a one-line answer
        String content = args.length > 1 && args[1].equals("article")
                ? "# A short article\\n\\n" + "Keel routes each content task to a model and checks what comes back. ".repeat(6)
                + "\\n\\n## Sources\\n\\n- https://example.org/keel\\n- https://camel.apache.org\\n"
                : "The checks are green; ship it.";
        byte[] answer = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1795000000,\"model\":\"m1\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":9,\"total_tokens\":51,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0}}}").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 512);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        System.out.println("fake upstream on " + args[0]);
    }
}
