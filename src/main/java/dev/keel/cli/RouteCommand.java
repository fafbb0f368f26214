package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import dev.keel.router.ModelRouter;
import dev.keel.router.RouterConfig;
import dev.keel.router.Tier;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code keel route explain "<prompt>" [--tier T] [--kind K]}: the routing decision, without calling a model; {@code eval} measures it. */
@Command(name = "route", description = "Model routing tools.", subcommands = {RouteCommand.Explain.class, RouteEval.class, RouteTune.class})
public final class RouteCommand {

    @ParentCommand
    Keel parent;

    /** Providers and routing rules for a route tool; null after the one-line error was printed. */
    static RouterConfig routerConfig(Keel keel) {
        KeelSettings settings = Keel.toolSettings(keel);
        if (settings == null) {
            return null;
        }
        try {
            return RouterConfig.from(settings);
        } catch (ConfigException e) {
            Keel.configError(e.getMessage());
            return null;
        }
    }

    @Command(name = "explain", description = "Print the decision, its reason and the estimated cost; no model is called.")
    static final class Explain implements Callable<Integer> {

        @ParentCommand
        RouteCommand route;

        @Parameters(paramLabel = "PROMPT")
        String prompt;

        @Option(names = "--tier", description = "local, reasoning or critical")
        Tier tier;

        @Option(names = "--kind", description = "the task's kind, e.g. decision, code, analysis")
        String kind;

        @Override
        public Integer call() {
            RouterConfig config = routerConfig(route.parent);
            if (config == null) {
                return Keel.CONFIG_ERROR;
            }
            ModelRouter.Decision d = new ModelRouter(config).decide(new ModelRouter.Task(prompt, kind, tier, 512),
                    ModelRouter.State.quiet());
            System.out.println("decision:  " + (d.routed() ? d.provider().name() + " / " + d.model() : "refused"));
            System.out.println("tier:      " + d.tier().name().toLowerCase(Locale.ROOT));
            if (d.routed()) {
                System.out.println("fallback:  " + (d.fallback().isEmpty() ? "none" : String.join(" -> ", d.fallback())));
                System.out.printf(Locale.ROOT, "estimate:  %d prompt tokens, up to 512 out, about %s%n", d.estimatedTokens(),
                        dev.keel.ledger.Money.usd(d.estimatedCostUsd()));
            }
            System.out.println("reason:    " + d.reason());
            return d.routed() ? 0 : 1;
        }
    }
}
