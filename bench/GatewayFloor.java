import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The floor under Keel's gateway figures (issue 20): the least a JVM proxy on the same libraries adds, so
 * bench/gateway-floor.sh can put Keel's added latency beside what no Keel code is in.
 * Usage: java -cp target/keel.jar:CLASSES GatewayFloor MODE PORT UPSTREAM_URL [STEPS]
 *   vertx   Vert.x 4 server and Vert.x client on the event loop: the request's bytes to the upstream, its
 *           answer's bytes back; no Camel, no worker thread (the floor of any proxy on Keel's HTTP server)
 *   camel   a Camel 4.17 context with JMX on (camel-management on the classpath, as in Keel), platform-http
 *           on Vert.x (Camel's MainHttpServer, as Keel's), one route: STEPS no-op processors (default 0),
 *           then the upstream called with Apache HttpClient 5's classic pooled client (Keel's plain-call
 *           client), the answer set as a ByteBuffer (written at once, as Keel's Http.body)
 * Prints "Ready for connections" once it listens (bench/GatewayLoad.java's cold mode waits for it).
 */
public class GatewayFloor {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        URI upstream = URI.create(args[2]);
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        if (mode.equals("vertx")) {
            vertx(port, upstream);
        } else if (mode.equals("camel")) {
            camel(port, upstream, steps);
        } else {
            throw new IllegalArgumentException("mode: vertx or camel, not " + mode);
        }
        System.out.println("Ready for connections on 127.0.0.1:" + port + " (" + mode + ", " + steps + " steps)");
        Thread.currentThread().join();
    }

    private static void vertx(int port, URI upstream) throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(64)
                .setDefaultHost(upstream.getHost()).setDefaultPort(upstream.getPort()));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(in -> in.body().onSuccess(body -> client.request(HttpMethod.POST, upstream.getPath())
                        .compose(out -> out.putHeader("Content-Type", "application/json").send(body))
                        .compose(answer -> answer.body())
                        .onSuccess(answer -> in.response().putHeader("Content-Type", "application/json").end(answer))
                        .onFailure(failure -> in.response().setStatusCode(502).end(String.valueOf(failure)))))
                .listen().toCompletionStage().toCompletableFuture().get();
    }

    private static void camel(int port, URI upstream, int steps) throws Exception {
        CloseableHttpClient http = HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(64).setMaxConnPerRoute(64).build()).build();
        DefaultCamelContext camel = new DefaultCamelContext();
        MainHttpServer server = new MainHttpServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        camel.addService(server);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                RouteDefinition route = from("platform-http:/v1/chat/completions?httpMethodRestrict=POST").routeId("floor");
                for (int i = 0; i < steps; i++) {
                    route.process(exchange -> exchange.setProperty("FloorStep", Boolean.TRUE)).id("step-" + i);
                }
                route.process(exchange -> {
                    HttpPost post = new HttpPost(upstream);
                    post.setEntity(new ByteArrayEntity(exchange.getMessage().getBody(byte[].class), ContentType.APPLICATION_JSON));
                    byte[] answer = http.execute(post, response -> EntityUtils.toByteArray(response.getEntity()));
                    exchange.getMessage().setHeader("Content-Type", "application/json");
                    exchange.getMessage().setBody(ByteBuffer.wrap(answer));
                }).id("call");
            }
        });
        camel.start();
        System.out.println("management: " + camel.getManagementStrategy().getClass().getSimpleName()
                + ", statistics level " + camel.getManagementStrategy().getManagementAgent().getStatisticsLevel());
    }
}
