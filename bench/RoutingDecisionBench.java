import dev.keel.router.ModelRouter;
import dev.keel.router.RouterConfig;
import dev.keel.router.classify.LabelledPrompts;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decision latency of ModelRouter.decide (content classifier included) over a labelled set: 40,000
 * warm-up decisions, then every prompt timed one decision at a time with System.nanoTime; prints p50, p99 and max.
 * Usage: java -cp target/keel.jar bench/RoutingDecisionBench.java FILE.jsonl [rounds]
 */
public final class RoutingDecisionBench {
    public static void main(String[] args) {
        List<LabelledPrompts.Labelled> prompts = LabelledPrompts.read(Path.of(args[0]));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        ModelRouter router = new ModelRouter(RouterConfig.load(null));
        ModelRouter.State quiet = ModelRouter.State.quiet();
        long sink = 0;
        // A fixed number of warm-up decisions whatever the set's size: pinned to one core, the JIT's compiler
        // threads share it with the loop, and a short warm-up leaves compilations running into the measurement.
        for (int w = 0; w < 40_000; w++) {
            LabelledPrompts.Labelled p = prompts.get(w % prompts.size());
            sink += router.decide(new ModelRouter.Task(p.text(), null, null, 512), quiet).tier().ordinal();
        }
        long[] nanos = new long[prompts.size() * rounds];
        int i = 0;
        for (int r = 0; r < rounds; r++) {
            for (LabelledPrompts.Labelled p : prompts) {
                long start = System.nanoTime();
                sink += router.decide(new ModelRouter.Task(p.text(), null, null, 512), quiet).tier().ordinal();
                nanos[i++] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%s: %d decisions, p50 %.1f us, p99 %.1f us, max %.1f us (checksum %d)%n", args[0], nanos.length,
                nanos[nanos.length / 2] / 1e3, nanos[(int) (nanos.length * 0.99)] / 1e3, nanos[nanos.length - 1] / 1e3, sink);
    }
}
