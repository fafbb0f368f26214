package dev.keel.boot;

import dev.keel.secrets.SecretStore;
import dev.keel.web.ApplicationHttpEngine;
import dev.keel.web.Inboxes;
import dev.keel.web.TaskStatus;
import dev.keel.web.WebhookReceiver;
import dev.keel.web.WebhookSettings;
import java.time.Clock;
import org.apache.camel.CamelContext;

/** The HTTP side of the inboxes: webhooks, task status, and the HTTP engine platform-http runs on. */
final class WebWiring {

    private WebWiring() {
    }

    /** Binds webhookReceiver, taskStatus and platform-http-engine. */
    static void bind(CamelContext camel, AreaSettings areas, SecretStore secrets, Clock clock) {
        Inboxes inboxes = new Inboxes(camel);
        WebhookSettings webhooks = areas.webhooks();
        camel.getRegistry().bind("webhookReceiver", new WebhookReceiver(inboxes, areas.storage(), secrets, webhooks.sources(),
                webhooks.maxBodyBytes(), webhooks.window(), areas.secrets().overlap(), clock));
        camel.getRegistry().bind("taskStatus", new TaskStatus(inboxes, areas.storage()));
        camel.getRegistry().bind("platform-http-engine", new ApplicationHttpEngine(
                camel.getPropertiesComponent().resolveProperty("camel.server.port").map(Integer::parseInt).orElse(8080)));
    }
}
