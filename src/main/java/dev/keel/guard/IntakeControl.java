package dev.keel.guard;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.RouteController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Suspends every intake route (group {@value #GROUP}) when the guard turns CRITICAL and resumes
 * them when it leaves CRITICAL. Suspending lets exchanges in flight finish; no new file is taken.
 */
public final class IntakeControl implements ResourceGuard.Listener {

    public static final String GROUP = "intake";

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

    private void apply(boolean suspend, String reason) {
        RouteController routes = camel.getRouteController();
        for (String id : intakeRoutes()) {
            try {
                if (suspend) {
                    routes.suspendRoute(id);
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
