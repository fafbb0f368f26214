package dev.keel.guard;

import java.util.List;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.RouteController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Suspends every intake route (group {@value #GROUP}) when the guard turns CRITICAL and resumes
 * them when it leaves CRITICAL. Suspending lets exchanges in flight finish; no new file is taken.
 * An intake an operator paused (the {@value #PAUSES} bean says which, the dashboard binds it) is
 * not resumed by the guard: only the operator resumes it.
 */
public final class IntakeControl implements ResourceGuard.Listener {

    public static final String GROUP = "intake";
    /** The registry bean, a {@code Predicate<String>} of route ids, for intakes an operator paused. */
    public static final String PAUSES = "intakePauses";

    private static final Logger LOG = LoggerFactory.getLogger(IntakeControl.class);

    private final CamelContext camel;

    public IntakeControl(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public void onTransition(GuardState from, GuardState to) {
        if (to.level() == GuardLevel.CRITICAL) {
            apply(true, to.reason());
        } else if (from.level() == GuardLevel.CRITICAL) {
            apply(false, to.reason());
        }
    }

    public List<String> intakeRoutes() {
        return camel.getRoutes().stream()
                .filter(r -> GROUP.equals(r.getGroup()))
                .map(Route::getRouteId)
                .sorted()
                .toList();
    }

    @SuppressWarnings("unchecked")
    private boolean pausedByOperator(String route) {
        Predicate<String> paused = camel.getRegistry().lookupByNameAndType(PAUSES, Predicate.class);
        return paused != null && paused.test(route);
    }

    private void apply(boolean suspend, String reason) {
        RouteController routes = camel.getRouteController();
        for (String id : intakeRoutes()) {
            try {
                if (suspend) {
                    routes.suspendRoute(id);
                } else if (pausedByOperator(id)) {
                    LOG.info("Intake route {} stays paused: an operator paused it", id);
                } else {
                    routes.resumeRoute(id);
                }
            } catch (Exception e) {
                LOG.error("Could not {} intake route {}: {}", suspend ? "suspend" : "resume", id, e.toString());
            }
        }
        LOG.warn("{} intake routes {} ({})", suspend ? "Suspended" : "Resumed", intakeRoutes(), reason);
    }
}
