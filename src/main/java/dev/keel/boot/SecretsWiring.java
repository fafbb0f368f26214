package dev.keel.boot;

import dev.keel.secrets.SecretStore;
import dev.keel.secrets.SecretsAudit;
import dev.keel.secrets.SecretsSettings;
import dev.keel.storage.StorageLayout;
import dev.keel.web.WebhookReceiver;
import dev.keel.web.WebhookSettings;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The secret store, its audit (SECRETS.md) and the refresh that picks up rotated secrets. */
public final class SecretsWiring {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsWiring.class);

    private SecretsWiring() {
    }

    /** The secret store the runtime and the CLI tools read: the secrets folder, Docker secrets, the environment. */
    public static SecretStore secretStore(KeelSettings settings) {
        SecretsSettings secrets = SecretsSettings.from(settings);
        return new SecretStore(secrets.dir(), secrets.dockerDir(), System.getenv(), Clock.systemUTC());
    }

    /** The audit of the secret store, every secret in the folders and every webhook source's and agent's secret loaded. */
    public static SecretsAudit secretsAudit(KeelSettings settings, SecretStore secrets) {
        SecretsAudit audit = new SecretsAudit(secrets, SecretsSettings.from(settings).rotateAfter());
        audit.loadAll(java.util.stream.Stream.concat(
                WebhookSettings.from(settings).sources().stream().map(WebhookReceiver::secretName),
                dev.keel.gateway.GatewaySettings.from(settings).agents().stream().map(dev.keel.gateway.AgentKeys::secretName)).toList());
        return audit;
    }

    /** Binds secretStore; SECRETS.md is written at start and again after each refresh that changed a secret. */
    static SecretStore bind(CamelContext camel, KeelSettings settings, AreaSettings areas, Clock clock) throws Exception {
        SecretStore secrets = secretStore(settings);
        camel.getRegistry().bind("secretStore", secrets);
        SecretsAudit audit = secretsAudit(settings, secrets);
        StorageLayout layout = areas.storage();
        String passwordEnv = areas.db().passwordEnv();
        Runnable report = () -> audit.writeReport(layout.opsFile("configs", "SECRETS.md"), clock.instant(), passwordEnv,
                System.getenv(passwordEnv) != null);
        long poll = areas.secrets().pollInterval().toMillis();
        camel.addStartupListener((context, alreadyStarted) -> {
            if (!alreadyStarted) {
                report.run();
                ScheduledExecutorService refresh = context.getExecutorServiceManager()
                        .newSingleThreadScheduledExecutor(secrets, "keel-secrets-refresh");
                refresh.scheduleWithFixedDelay(() -> refreshSafely(secrets, report), poll, poll, TimeUnit.MILLISECONDS);
            }
        });
        return secrets;
    }

    private static void refreshSafely(SecretStore secrets, Runnable report) {
        try {
            if (secrets.refresh()) {
                report.run();
            }
        } catch (RuntimeException e) {
            LOG.error("Secret refresh failed, keeping the values in use: {}", e.getMessage());
        }
    }
}
