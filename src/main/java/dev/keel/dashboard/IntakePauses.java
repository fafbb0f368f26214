package dev.keel.dashboard;

import dev.keel.db.Jdbc;
import dev.keel.guard.IntakeControl;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intakes an operator paused from the dashboard and has not resumed: those whose latest pause-intake or resume-intake
 * in the action log (V19) is a pause. The guard's resume after CRITICAL skips them ({@link IntakeControl#PAUSES}), and a
 * restart pauses them again ({@link #restore}), so a manual pause lasts until an operator resumes it. The log is the
 * database's: in a cluster a node that starts pauses what an operator paused on any node.
 */
public final class IntakePauses implements Predicate<String> {

    private static final Logger LOG = LoggerFactory.getLogger(IntakePauses.class);

    private final Jdbc jdbc;

    public IntakePauses(Supplier<DataSource> dataSource) {
        this.jdbc = new Jdbc(dataSource, "intake pauses");
    }

    @Override
    public boolean test(String route) {
        return jdbc.first("SELECT action FROM keel_operator_action WHERE subject = ? AND action IN ('pause-intake', 'resume-intake')"
                + " ORDER BY seq DESC", r -> r.getString(1), route).map("pause-intake"::equals).orElse(false);
    }

    /** Every intake paused by an operator now. */
    public Set<String> paused(CamelContext camel) {
        Set<String> paused = new TreeSet<>();
        for (String route : new IntakeControl(camel).intakeRoutes()) {
            if (test(route)) {
                paused.add(route);
            }
        }
        return paused;
    }

    /** At start: suspends the intakes an operator left paused. */
    public void restore(CamelContext camel) {
        for (String route : paused(camel)) {
            try {
                if (camel.getRouteController().getRouteStatus(route) != ServiceStatus.Suspended) {
                    camel.getRouteController().suspendRoute(route);
                }
                LOG.warn("Intake route {} is paused: an operator paused it from the dashboard (resume it there)", route);
            } catch (Exception e) {
                LOG.error("Could not pause intake route {} again: {}", route, e.toString());
            }
        }
    }
}
