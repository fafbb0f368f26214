package dev.keel.night;

import dev.keel.content.ContentQueue;
import dev.keel.router.classify.RoutingReview;
import dev.keel.router.classify.RoutingReviewReport;
import dev.keel.router.classify.RoutingRules;
import dev.keel.storage.BackupRetention;
import dev.keel.storage.Backups;
import dev.keel.storage.DatabaseDump;
import dev.keel.legal.LegalQueries;
import dev.keel.legal.LegalSync;
import dev.keel.reports.OutboxIndex;
import dev.keel.reports.ToolsTracker;
import dev.keel.ledger.CostLedger;
import dev.keel.router.OllamaBench;
import dev.keel.ledger.TelemetryReport;
import dev.keel.router.Tier;
import dev.keel.secrets.Publisher;
import dev.keel.storage.DbIdempotentRepository;
import dev.keel.storage.ErrorRetention;
import dev.keel.storage.Retention;
import dev.keel.storage.StorageLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;

/** The night run's steps, in their fixed order. */
public final class NightSteps {

    /** What the backup step needs. */
    public record BackupPlan(Path folder, boolean includeOutbox, BackupRetention retention) {
    }

    private record Step(String name, Callable<NightStep.Result> body) implements NightStep {
        @Override
        public Result run() throws Exception {
            return body.call();
        }
    }

    private NightSteps() {
    }

    public static List<NightStep> standard(StorageLayout layout, Supplier<DataSource> database, DbIdempotentRepository intakeKeys,
                                           BackupPlan backup, int errorRetentionDays, LegalSync legal, OllamaBench bench,
                                           CostLedger ledger, Supplier<Map<Tier, Double>> targetMix,
                                           Supplier<List<ToolsTracker.Tool>> tools, java.util.function.IntSupplier releaseNight,
                                           Clock clock) {
        return List.of(
                new Step("drain-deferred", () -> {
                    int released = releaseNight.getAsInt();
                    return released == 0 ? NightStep.Result.skipped("no content task waits for the night")
                            : NightStep.Result.ok(released + " content tasks (`when: night`) released to the queue");
                }),
                new Step("backup", () -> backup(layout, database, backup, clock)),
                new Step("storage-lifecycle", () -> lifecycle(layout, intakeKeys, errorRetentionDays, clock)),
                new Step("legal-check", () -> legalCheck(legal)),
                new Step("telemetry", () -> telemetry(layout, ledger, targetMix, clock)),
                new Step("routing-review", () -> routingReview(layout, database, clock)),
                new Step("model-bench", () -> {
                    String skipped = bench.run(layout.opsFile("health", "MODEL_BENCH.md"), clock.instant());
                    return skipped == null ? NightStep.Result.ok("MODEL_BENCH.md written") : NightStep.Result.skipped(skipped);
                }),
                new Step("outbox-index", () -> NightStep.Result.ok(OutboxIndex.write(layout.outbox(), clock.instant())
                        + " outputs listed in outbox/INDEX.md")),
                new Step("tools-tracker", () -> {
                    ToolsTracker.write(layout.opsFile("skills", "TOOLS_TRACKER.md"), tools.get(), libraries(), clock.instant());
                    return NightStep.Result.ok("TOOLS_TRACKER.md written");
                }));
    }

    static NightStep.Result backup(StorageLayout layout, Supplier<DataSource> database, BackupPlan plan, Clock clock) throws IOException {
        Map<String, Path> folders = new LinkedHashMap<>();
        folders.put("ops", layout.ops());
        folders.put("prompts", layout.home().resolve("prompts"));
        folders.put("templates", layout.home().resolve("templates"));
        if (plan.includeOutbox()) {
            folders.put("outbox", layout.outbox());
        }
        Instant now = clock.instant();
        Path zip = Backups.create(plan.folder().resolve(Backups.name(now)), folders, DatabaseDump.csv(database.get()));
        Backups.Verification verification = Backups.verify(zip);
        if (!verification.ok()) {
            throw new IllegalStateException(zip.getFileName() + " was written but does not verify: " + verification.problems());
        }
        List<Path> all;
        try (Stream<Path> files = Files.list(plan.folder())) {
            all = files.filter(p -> p.getFileName().toString().matches("keel-\\d{8}-\\d{6}\\.zip")).toList();
        }
        Map<Instant, Path> byTime = new LinkedHashMap<>();
        all.forEach(p -> byTime.put(Backups.timeOf(p), p));
        Set<Instant> keep = plan.retention().keep(new ArrayList<>(byTime.keySet()));
        int removed = 0;
        for (Map.Entry<Instant, Path> backup : byTime.entrySet()) {
            if (!keep.contains(backup.getKey())) {
                Files.delete(backup.getValue());
                removed++;
            }
        }
        return NightStep.Result.ok(zip.getFileName() + ": " + verification.entries() + " entries, "
                + Files.size(zip) / 1024 + " KiB, verified; " + keep.size() + " backups kept, " + removed + " removed");
    }

    static NightStep.Result lifecycle(StorageLayout layout, DbIdempotentRepository intakeKeys, int errorRetentionDays, Clock clock) {
        Retention.Sweep archive = new Retention(layout.archive(), layout.retentionDays()).sweep(LocalDate.now(clock));
        List<Path> errors = ErrorRetention.sweep(layout.inbox(), errorRetentionDays, clock.instant());
        int keys = intakeKeys.purgeBefore(clock.instant().minus(Duration.ofDays(layout.retentionDays())));
        return NightStep.Result.ok(archive.removedFiles() + " archived files in " + archive.removedDays().size()
                + " day folders past " + layout.retentionDays() + " days; " + errors.size() + " error files past "
                + errorRetentionDays + " days; " + keys + " intake keys");
    }

    static NightStep.Result legalCheck(LegalSync legal) {
        LegalQueries.Consistency check = legal.check();
        String summary = check.documents() + " documents, " + check.records() + " records, " + check.dangling().size()
                + " dangling citations, " + check.mismatches().size() + " files not matching, " + check.unindexedFiles().size()
                + " unindexed";
        return NightStep.Result.ok((check.consistent() ? "consistent: " : "INCONSISTENT (see ops/logs/LEGAL_SYNC.md): ") + summary);
    }

    static NightStep.Result telemetry(StorageLayout layout, CostLedger ledger, Supplier<Map<Tier, Double>> targetMix, Clock clock) {
        int days = 7;
        List<CostLedger.Call> calls = ledger.since(clock.instant().minus(Duration.ofDays(days)));
        Publisher.publish(layout.opsFile("health", "TELEMETRY.md"),
                TelemetryReport.render(calls, targetMix.get(), days, java.time.ZoneId.systemDefault(), clock.instant()));
        return NightStep.Result.ok("TELEMETRY.md: " + calls.size() + " model calls in the last " + days + " days");
    }

    /** ROUTING_REVIEW.md from the content tasks of the last week: QA failures and escalations per routing rule and kind. */
    public static NightStep.Result routingReview(StorageLayout layout, Supplier<DataSource> database, Clock clock) {
        int days = 7;
        List<RoutingReview.Group> groups = new ContentQueue(database, clock).routingGroups(clock.instant().minus(Duration.ofDays(days)));
        RoutingReview review = RoutingReview.of(groups, RoutingRules.builtIn());
        Publisher.publish(layout.opsFile("health", "ROUTING_REVIEW.md"), RoutingReviewReport.render(review, days, clock.instant()));
        return NightStep.Result.ok("ROUTING_REVIEW.md: " + review.byRule().values().stream().mapToLong(f -> f.tasks()).sum()
                + " content tasks, " + review.suggestions().size() + " suggestions");
    }

    private static Map<String, String> libraries() {
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("Apache Camel", ToolsTracker.versionOf(org.apache.camel.CamelContext.class));
        libraries.put("OSHI", ToolsTracker.versionOf(oshi.SystemInfo.class));
        libraries.put("Flyway", ToolsTracker.versionOf(org.flywaydb.core.Flyway.class));
        libraries.put("H2", ToolsTracker.versionOf(org.h2.Driver.class));
        libraries.put("Jackson", ToolsTracker.versionOf(com.fasterxml.jackson.databind.ObjectMapper.class));
        libraries.put("picocli", ToolsTracker.versionOf(picocli.CommandLine.class));
        return libraries;
    }
}
