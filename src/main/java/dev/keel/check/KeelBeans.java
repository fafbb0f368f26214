package dev.keel.check;

import java.util.Set;

/**
 * The bean names Keel's wiring (dev.keel.boot.*Wiring) binds for routes to refer to. {@code keel check}
 * cannot bind them without opening the database, so they are listed here. The list cannot drift silently:
 * WorkingCopyCheckTest passes the repository's routes against it and McpGatewayTest finds each name bound in a
 * running Keel. A new bean a route refers to is added here.
 */
public final class KeelBeans {

    public static final Set<String> NAMES = Set.of(
            "agentCall", "callRollup", "dashboardApi", "dashboardAssets", "dashboardGate", "loginPage",
            "alertEngine", "alertSinks", "chatCompletions", "clusterHeartbeat", "contentIntake",
            "contentWorker", "errorSidecar", "exportIntake", "guardHealthCheck", "healthPoll", "intakeGate", "keelDatabase",
            "keelIdempotentRepository", "keelInboxLocks", "legalSync", "mcpEndpoint", "messagesApi", "modelCatalog",
            "modelCheck", "modelGateway", "nightRun", "nightSchedule", "resourceGuard", "secretStore", "taskStatus",
            "webhookReceiver");

    private KeelBeans() {
    }
}
