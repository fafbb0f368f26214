package dev.keel.boot;

import dev.keel.alert.AlertBook;
import dev.keel.content.ContentWorker;
import dev.keel.dashboard.ActionLog;
import dev.keel.dashboard.Actions;
import dev.keel.dashboard.CallRollup;
import dev.keel.dashboard.IntakePauses;
import dev.keel.dashboard.CallStats;
import dev.keel.dashboard.CallsQuery;
import dev.keel.dashboard.DashboardApi;
import dev.keel.dashboard.DashboardAssets;
import dev.keel.dashboard.DashboardGate;
import dev.keel.dashboard.LoginPage;
import dev.keel.dashboard.OperatorKeys;
import dev.keel.dashboard.Overview;
import dev.keel.dashboard.ProviderStatus;
import dev.keel.dashboard.Sessions;
import dev.keel.dashboard.WorkFiles;
import dev.keel.dashboard.WorkViews;
import dev.keel.guard.ResourceGuard;
import dev.keel.health.HealthPoll;
import dev.keel.legal.LegalQueries;
import dev.keel.night.NightRunLog;
import dev.keel.secrets.SecretStore;
import dev.keel.storage.StorageLayout;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;

/**
 * The operators' dashboard: binds loginPage, dashboardGate, dashboardAssets, dashboardApi and callRollup
 * (routes/dashboard.camel.yaml). The alert book is looked up on each use, so the dashboard works with or without one.
 */
final class DashboardWiring {

    private DashboardWiring() {
    }

    static void bind(CamelContext camel, AreaSettings areas, StorageWiring.Storage storage, SecretStore secrets, ResourceGuard guard,
            RouterWiring.Router router, ContentWorker content, Clock clock) {
        StorageLayout layout = areas.storage();
        camel.getPropertiesComponent().addOverrideProperty("keel.dashboard.rollup-interval-ms",
                String.valueOf(areas.dashboard().rollupInterval().toMillis()));
        Supplier<javax.sql.DataSource> db = storage.database()::dataSource;
        Sessions sessions = new Sessions(clock, areas.dashboard().sessionTtl());
        OperatorKeys operators = new OperatorKeys(secrets, areas.secrets().overlap());
        camel.getRegistry().bind("loginPage", new LoginPage(sessions, operators));
        camel.getRegistry().bind("dashboardGate", new DashboardGate(sessions, operators));
        camel.getRegistry().bind("dashboardAssets", new DashboardAssets());
        CallRollup rollup = new CallRollup(db);
        camel.getRegistry().bind("callRollup", rollup);
        Supplier<AlertBook> alerts = () -> camel.getRegistry().lookupByNameAndType("alertBook", AlertBook.class);
        CallStats stats = new CallStats(db, rollup);
        WorkViews work = new WorkViews(db, new NightRunLog(db), new LegalQueries(db), areas.night().backup().folder(), layout);
        Overview overview = new Overview(guard, () -> camel.getRegistry().lookupByNameAndType("healthPoll", HealthPoll.class),
                router.config(), router.ledger(), () -> camel.getRegistry().lookupByNameAndType("providerStatus", ProviderStatus.class),
                stats, work, content.progress(), alerts, clock);
        WorkFiles files = new WorkFiles(Map.of("outbox", layout.outbox(), "ops", layout.ops(), "archive", layout.archive()));
        ActionLog log = new ActionLog(db, clock);
        // a manual pause outlasts the guard's resume and a restart
        IntakePauses pauses = new IntakePauses(db);
        camel.getRegistry().bind(dev.keel.guard.IntakeControl.PAUSES, pauses);
        restoreAtStart(camel, pauses);
        Actions actions = new Actions(camel, content.queue(), content.progress(), alerts, log, db, clock);
        camel.getRegistry().bind("dashboardApi", new DashboardApi(overview, new CallsQuery(db), stats, work, files, actions, log, alerts,
                clock));
    }

    private static void restoreAtStart(CamelContext camel, IntakePauses pauses) {
        try {
            camel.addStartupListener(new org.apache.camel.ExtendedStartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                    if (!alreadyStarted) {
                        pauses.restore(context);
                    }
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the intake pauses' start-up step", e);
        }
    }
}
