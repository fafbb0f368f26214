package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.router.ModelRouter;
import dev.keel.router.RouterConfig;
import dev.keel.router.classify.EvalGate;
import dev.keel.router.classify.Evaluation;
import dev.keel.router.classify.EvaluationReport;
import dev.keel.router.classify.LabelledPrompts;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code keel route eval FILE.jsonl}: the routing policy's figures on labelled prompts; exit 1 below a given minimum. */
@Command(name = "eval", description = "Measure the routing policy on labelled prompts (JSON Lines: id, prompt or messages, tier).")
final class RouteEval implements Callable<Integer> {

    static final int BELOW_MINIMUM = 1;

    @ParentCommand
    RouteCommand route;

    @Parameters(paramLabel = "FILE.jsonl")
    Path file;

    @Option(names = "--min-accuracy", paramLabel = "PERCENT", description = "fail below this accuracy")
    double minAccuracy;

    @Option(names = "--min-critical-recall", paramLabel = "PERCENT", description = "fail below this recall of the critical tier")
    double minCriticalRecall;

    @Option(names = "--min-local-precision", paramLabel = "PERCENT", description = "fail below this precision of the local tier")
    double minLocalPrecision;

    @Override
    public Integer call() {
        RouterConfig config = RouteCommand.routerConfig(route.parent);
        if (config == null) {
            return Keel.CONFIG_ERROR;
        }
        List<LabelledPrompts.Labelled> prompts;
        try {
            prompts = LabelledPrompts.read(file);
        } catch (LabelledPrompts.BadLine | UncheckedIOException e) {
            return Keel.configError(e.getMessage());
        }
        Evaluation evaluation = Evaluation.of(new ModelRouter(config), prompts);
        System.out.print(EvaluationReport.text(file.toString(), evaluation, config.targetMix()));
        List<String> shortfalls = new EvalGate(minAccuracy / 100, minCriticalRecall / 100, minLocalPrecision / 100).shortfalls(evaluation);
        shortfalls.forEach(s -> System.err.println("keel: " + s));
        return shortfalls.isEmpty() ? 0 : BELOW_MINIMUM;
    }
}
