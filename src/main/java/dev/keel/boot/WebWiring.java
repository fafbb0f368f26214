package dev.keel.boot;

import dev.keel.secrets.SecretStore;
import dev.keel.web.ApplicationHttpEngine;
import dev.keel.web.HttpFront;
import dev.keel.web.JolokiaGuard;
import dev.keel.web.TaskTokens;
import io.vertx.core.VertxOptions;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import dev.keel.web.Inboxes;
import dev.keel.web.TaskStatus;
import dev.keel.web.WebhookReceiver;
import dev.keel.web.WebhookSettings;
import dev.keel.web.ReplayCache;
import dev.keel.db.KeelDatabase;
import java.time.Clock;
import org.apache.camel.CamelContext;

/**
 * The HTTP side of the inboxes: webhooks, task status, and the HTTP engine platform-http runs on, with the
 * limits in front of it ({@link HttpFront}), the Vert.x worker pool sized for them, and the guard in front of Jolokia.
 */
final class WebWiring {

    private WebWiring() {
    }

    /** Binds webhookReceiver, taskStatus, platform-http-engine and the Vert.x options of the HTTP servers. */
    static void bind(CamelContext camel, AreaSettings areas, SecretStore secrets, Clock clock) throws Exception {
        Inboxes inboxes = new Inboxes(camel);
        WebhookSettings webhooks = areas.webhooks();
        TaskTokens tokens = TaskTokens.from(secrets);
        WebhookReceiver receiver = new WebhookReceiver(inboxes, areas.storage(), secrets, webhooks.sources(),
                webhooks.maxBodyBytes(), webhooks.window(), areas.secrets().overlap(), clock, tokens,
                // the replay cache in the database (#17): a replay to another node or after a restart is refused too
                new ReplayCache(camel.getRegistry().lookupByNameAndType("keelDatabase", KeelDatabase.class)::dataSource, clock));
        camel.getRegistry().bind("webhookReceiver", receiver);
        camel.getRegistry().bind("taskStatus", new TaskStatus(inboxes, areas.storage(), tokens, clock));
        int calls = areas.gateway().maxCalls();
        camel.getRegistry().bind("keelVertxOptions", new VertxOptions().setWorkerPoolSize(HttpFront.workerPoolSize(calls))
                // a worker waits on its provider up to keel.router.timeout: that is not a blocked thread to report
                .setMaxWorkerExecuteTime(areas.router().timeout().plusSeconds(30).toNanos()));
        HttpFront front = new HttpFront(new HttpFront.Limits(areas.servers().idleTimeout(), calls, webhooks.maxBodyBytes(),
                areas.gateway().maxBodyBytes(), Math.max(webhooks.maxBodyBytes(), areas.gateway().maxBodyBytes())), () -> receiver);
        camel.getRegistry().bind("platform-http-engine", new ApplicationHttpEngine(
                camel.getPropertiesComponent().resolveProperty("camel.server.port").map(Integer::parseInt).orElse(8080), front));
        guardJolokia(camel, areas.servers(), secrets);
    }

    /** Once the management server runs, its Jolokia route gets {@link JolokiaGuard} in front. */
    private static void guardJolokia(CamelContext camel, ServerSettings servers, SecretStore secrets) throws Exception {
        JolokiaGuard jolokia = new JolokiaGuard("/observe/jolokia", JolokiaGuard.origins(servers.managementHost(),
                servers.managementPort(), servers.managementOrigins()), secrets);
        camel.addStartupListener((context, alreadyStarted) -> {
            if (!alreadyStarted) {
                VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                        VertxPlatformHttpRouter.getRouterNameFromPort(servers.managementPort()));
                // no management server (tests with servers off): no Jolokia to guard
                if (router != null) {
                    jolokia.installOn(router);
                }
            }
        });
    }
}
