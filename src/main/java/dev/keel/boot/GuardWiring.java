package dev.keel.boot;

import dev.keel.guard.GuardHealthCheck;
import dev.keel.guard.GuardSettings;
import dev.keel.guard.IntakeControl;
import dev.keel.guard.ResourceGuard;
import dev.keel.health.BackgroundSampler;
import dev.keel.health.HealthPoll;
import dev.keel.health.HealthSettings;
import dev.keel.health.HostSampler;
import dev.keel.health.OshiHostSampler;
import dev.keel.storage.StorageLayout;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import oshi.SystemInfo;

/** The host sampler, the ResourceGuard (its health check, its MBean, its sampling thread) and the health poll. */
final class GuardWiring {

    private GuardWiring() {
    }

    /**
     * Binds resourceGuard, guardHealthCheck and healthPoll. The guard gets a scheduled thread of its
     * own once Camel has started, and that thread only samples: slow work (reports, probes, model
     * pulls, secret refreshes) runs on other executors, so a sample is never late behind it.
     */
    static ResourceGuard bind(CamelContext camel, AreaSettings areas, MeterRegistry meters, Clock clock) throws Exception {
        Map<String, Path> folders = folders(areas.storage());
        HostSampler sampler = new BackgroundSampler(() -> {
            SystemInfo system = new SystemInfo();
            return new OshiHostSampler(system.getHardware().getProcessor(), system.getHardware().getMemory(),
                    system.getOperatingSystem(), folders, clock);
        }, Closing.once(camel, HostSampler.class, "keel-sampler-init"));
        return bind(camel, areas, sampler, meters, clock);
    }

    /** The work folders by short name (inbox, outbox, ...), as the sampler and the gauges name them. */
    private static Map<String, Path> folders(StorageLayout layout) {
        Map<String, Path> folders = new TreeMap<>();
        layout.workFolders().forEach((key, path) -> folders.put(key.substring("keel.storage.".length()), path));
        return folders;
    }

    /** As above, on a given host sampler. */
    static ResourceGuard bind(CamelContext camel, AreaSettings areas, HostSampler sampler, MeterRegistry meters, Clock clock)
            throws Exception {
        StorageLayout layout = areas.storage();
        GuardSettings settings = areas.guard();
        ResourceGuard guard = new ResourceGuard(settings.policy(), sampler, settings.mode(),
                settings.localLimitOk(), settings.localLimitHot(), meters, clock.instant());
        guard.addListener(new IntakeControl(camel));
        camel.getRegistry().bind("resourceGuard", guard);
        camel.getRegistry().bind("guardHealthCheck", new GuardHealthCheck(guard));
        registerMBean(guard);
        Closing.onStop(camel, guard::stop);
        camel.addStartupListener((context, alreadyStarted) -> {
            if (!alreadyStarted) {
                guard.start(context.getExecutorServiceManager().newSingleThreadScheduledExecutor(guard, "keel-resource-guard"),
                        settings.sampleInterval());
            }
        });

        HealthSettings health = areas.health();
        HealthPoll poll = new HealthPoll(sampler, guard, layout.opsFile("health", "HEALTH.md"), health.interval(), health.trendSize());
        poll.bindTo(meters, folders(layout).keySet().stream().toList());
        camel.getRegistry().bind("healthPoll", poll);
        return guard;
    }

    private static void registerMBean(ResourceGuard guard) throws Exception {
        var server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(KeelConfiguration.GUARD_MBEAN);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(guard, name);
    }
}
