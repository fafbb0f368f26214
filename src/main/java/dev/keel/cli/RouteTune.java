package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import dev.keel.content.ContentQueue;
import dev.keel.db.KeelDatabase;
import dev.keel.router.ModelRouter;
import dev.keel.router.RouterConfig;
import dev.keel.router.classify.Evaluation;
import dev.keel.router.classify.LabelledPrompts;
import dev.keel.router.classify.RoutingReview;
import dev.keel.router.classify.RoutingRules;
import dev.keel.router.classify.RoutingTune;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code keel route tune [--eval FILE] [--apply]}: the routing change the content outcomes support,
 * as a diff of the operator's routing.yaml; evaluated on a labelled file when given; written only
 * with {@code --apply}, the old file kept beside it.
 */
@Command(name = "tune", description = "Propose routing.yaml changes from the routing review; --apply writes them.")
final class RouteTune implements Callable<Integer> {

    @ParentCommand
    RouteCommand route;

    @Option(names = "--eval", paramLabel = "FILE.jsonl", description = "labelled prompts to evaluate the proposal on")
    Path eval;

    @Option(names = "--apply", description = "write the proposed routing.yaml (the old one is kept beside it)")
    boolean apply;

    @Option(names = "--days", description = "content tasks of the last DAYS days (default ${DEFAULT-VALUE})")
    int days = 7;

    @Override
    public Integer call() {
        KeelSettings settings = Keel.toolSettings(route.parent);
        RouterConfig config = settings == null ? null : RouteCommand.routerConfig(route.parent);
        if (config == null) {
            return Keel.CONFIG_ERROR;
        }
        Clock clock = Clock.systemUTC();
        RoutingReview review;
        try (KeelDatabase database = KeelDatabase.open(settings)) {
            review = RoutingReview.of(new ContentQueue(database::dataSource, clock).routingGroups(clock.instant().minus(Duration.ofDays(days))),
                    config.rules());
        }
        review.suggestions().forEach(s -> System.out.println("suggestion: " + s.text()));
        if (review.proposedFloors().isEmpty()) {
            System.out.println("no change to propose: no routing.yaml rule's local outputs failed QA often enough in the last " + days + " days");
            return 0;
        }
        Path file = settings.folder(RoutingRules.KEY);
        try {
            String current = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            String proposed = RoutingTune.propose(current, review.proposedFloors());
            System.out.print(RoutingTune.diff(current, proposed, file.getFileName().toString()));
            Path candidate = Files.createTempFile(file.toAbsolutePath().getParent(), ".routing-", ".yaml");
            try {
                Files.writeString(candidate, proposed, StandardCharsets.UTF_8);
                RouterConfig tuned = config.withRules(RoutingRules.load(candidate));
                if (eval != null) {
                    List<LabelledPrompts.Labelled> prompts = LabelledPrompts.read(eval);
                    System.out.println(figures("now", Evaluation.of(new ModelRouter(config), prompts)));
                    System.out.println(figures("proposed", Evaluation.of(new ModelRouter(tuned), prompts)));
                }
                if (apply) {
                    if (Files.exists(file)) {
                        Path kept = file.resolveSibling(file.getFileName() + "." + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                                .withZone(java.time.ZoneOffset.UTC).format(clock.instant()) + ".old");
                        Files.copy(file, kept, StandardCopyOption.COPY_ATTRIBUTES);
                        System.out.println("kept the old file as " + kept);
                    }
                    Files.move(candidate, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    System.out.println("wrote " + file);
                } else {
                    System.out.println("not written: run again with --apply to write " + file);
                }
            } finally {
                Files.deleteIfExists(candidate);
            }
        } catch (ConfigException | LabelledPrompts.BadLine | UncheckedIOException e) {
            return Keel.configError(e.getMessage());
        } catch (IOException e) {
            return Keel.configError("cannot write " + file + ": " + e.getMessage());
        }
        return 0;
    }

    private static String figures(String label, Evaluation e) {
        return String.format(Locale.ROOT, "%-9s accuracy %.1f%%, critical recall %.1f%%, local precision %.1f%%", label + ":",
                100 * e.accuracy(), 100 * e.recall(dev.keel.router.Tier.CRITICAL), 100 * e.precision(dev.keel.router.Tier.LOCAL));
    }
}
