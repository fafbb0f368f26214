package dev.keel.guard;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness is DOWN while the guard is CRITICAL (intake suspended); the guard never fails liveness. */
public final class GuardHealthCheck extends AbstractHealthCheck {

    private final ResourceGuard guard;

    public GuardHealthCheck(ResourceGuard guard) {
        super("keel", "resource-guard");
        this.guard = guard;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        GuardState state = guard.state();
        builder.detail("state", state.level().name())
                .detail("since", state.since().toString())
                .detail("reason", state.reason())
                .detail("mode", guard.getMode())
                .detail("cpu.percent", round(guard.getCpuPercent()))
                .detail("memory.used.percent", round(guard.getMemoryUsedPercent()))
                .detail("disk.used.percent", round(guard.getDiskUsedPercent()));
        if (state.level() == GuardLevel.CRITICAL && guard.mode() == GuardMode.ENFORCE) {
            builder.message("ResourceGuard CRITICAL: " + state.reason()).down();
        } else {
            builder.up();
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
