package dev.keel.legal;

import dev.keel.secrets.Publisher;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Renders outbox/legal/STALE.md and ops/logs/LEGAL_SYNC.md. */
public final class LegalReports {

    public static final String STALE = "STALE.md";

    private LegalReports() {
    }

    public static void writeStale(Path target, List<LegalQueries.StaleEntry> stale, Instant now) {
        StringBuilder md = new StringBuilder("# Stale legal documents\n\nWritten ")
                .append(now.truncatedTo(ChronoUnit.SECONDS))
                .append(". A document is stale when a data record it cites changed after it was indexed; it stops")
                .append(" being stale when a new version of it is indexed.\n\n");
        if (stale.isEmpty()) {
            md.append("No stale documents.\n");
        } else {
            md.append("| document | version | title | record | changed fields | since |\n|---|---|---|---|---|---|\n");
            for (LegalQueries.StaleEntry e : stale) {
                md.append("| ").append(e.documentId()).append(" | ").append(e.version()).append(" | ").append(cell(e.title()))
                        .append(" | ").append(e.recordId()).append(" | ").append(e.changedFields()).append(" | ")
                        .append(e.markedAt().truncatedTo(ChronoUnit.SECONDS)).append(" |\n");
            }
        }
        Publisher.publish(target, md.toString());
    }

    public static void writeCheck(Path target, LegalQueries.Consistency check, int stale, Instant now) {
        StringBuilder md = new StringBuilder("# Legal ↔ data sync check\n\nRun ")
                .append(now.truncatedTo(ChronoUnit.SECONDS)).append(": ")
                .append(check.consistent() ? "**consistent**" : "**inconsistent**").append(". ")
                .append(check.documents()).append(" documents, ").append(check.records()).append(" records, ")
                .append(stale).append(" stale citations (see outbox/legal/STALE.md).\n\n")
                .append("## Dangling citations (cited records the index does not have)\n\n");
        list(md, check.dangling().stream().map(d -> d.documentId() + " cites " + d.recordId()).toList());
        md.append("\n## Documents whose file does not match the index\n\n");
        list(md, check.mismatches().stream().map(m -> m.documentId() + ": " + m.problem() + " (`" + m.path() + "`)").toList());
        md.append("\n## Markdown in outbox/legal that is not indexed\n\n");
        list(md, check.unindexedFiles());
        md.append("\n## Orphan records (cited by no document; informational)\n\n");
        list(md, check.orphanRecords().size() > 200
                ? List.of(check.orphanRecords().size() + " records, first: " + String.join(", ", check.orphanRecords().subList(0, 20)))
                : check.orphanRecords());
        Publisher.publish(target, md.toString());
    }

    private static void list(StringBuilder md, List<String> items) {
        if (items.isEmpty()) {
            md.append("None.\n");
        }
        items.forEach(i -> md.append("- ").append(i).append('\n'));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
