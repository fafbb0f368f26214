import dev.keel.config.KeelSettings;
import dev.keel.db.KeelDatabase;
import dev.keel.legal.DataFileParser;
import dev.keel.legal.LegalDocumentParser;
import dev.keel.legal.LegalIndex;
import dev.keel.legal.LegalQueries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Legal <-> data sync on an embedded H2 file database, through the same parsers and index Keel's
 * routes call: 10,000 records (one JSON file, one transaction) and 1,000 legal documents (one
 * transaction and one published file each) from empty, then 1,000 record updates that make the
 * citing documents stale. Each document cites 3 records.
 * Run: java -cp target/keel.jar bench/LegalSyncBench.java [records] [documents] [updates]
 */
public class LegalSyncBench {

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int documents = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int updates = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        Path home = Files.createTempDirectory("keel-legal-bench");
        KeelDatabase db = KeelDatabase.open(KeelSettings.of(Map.of("keel.home", home.toString(),
                "keel.db.url", "jdbc:h2:file:./data/keel", "keel.db.user", "keel", "keel.db.password-env", "NONE")));
        LegalIndex index = new LegalIndex(db::dataSource, Clock.systemUTC());
        Path published = Files.createDirectories(home.resolve("outbox/legal"));

        long t0 = System.nanoTime();
        String data = dataFile(records, "2026-01-01T00:00:00Z", 0);
        LegalIndex.DataSync created = index.applyRecords(DataFileParser.parse("records.json", data), "records.json");
        double recordsSeconds = (System.nanoTime() - t0) / 1e9;

        long t1 = System.nanoTime();
        for (int d = 0; d < documents; d++) {
            String text = "---\nid: doc-" + d + "\nmatter: M-" + (d % 50) + "\ntitle: Document " + d + "\njurisdiction: DE\n"
                    + "version: \"1\"\ncites: [r-" + (d * 3 % records) + ", r-" + ((d * 3 + 1) % records) + ", r-" + ((d * 3 + 2) % records)
                    + "]\n---\n# Document " + d + "\n\nBody text.\n";
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            Path target = published.resolve("doc-" + d + ".md");
            index.indexDocument(LegalDocumentParser.parse("doc-" + d + ".md", bytes), target.toString(), () -> write(target, bytes));
        }
        double documentsSeconds = (System.nanoTime() - t1) / 1e9;

        long t2 = System.nanoTime();
        String changed = dataFile(updates, "2026-02-01T00:00:00Z", 1);
        LegalIndex.DataSync updated = index.applyRecords(DataFileParser.parse("updates.json", changed), "updates.json");
        double updatesSeconds = (System.nanoTime() - t2) / 1e9;

        long t3 = System.nanoTime();
        LegalQueries.Consistency check = new LegalQueries(db::dataSource).check(published);
        double checkSeconds = (System.nanoTime() - t3) / 1e9;
        db.close();

        System.out.printf("records from empty: %d in %.2f s = %.0f rows/s (%d created)%n", records, recordsSeconds,
                records / recordsSeconds, created.count(LegalIndex.Change.CREATED));
        System.out.printf("documents from empty: %d in %.2f s = %.0f docs/s%n", documents, documentsSeconds, documents / documentsSeconds);
        System.out.printf("record updates: %d in %.2f s = %.0f rows/s (%d updated, %d documents newly stale)%n", updates, updatesSeconds,
                updates / updatesSeconds, updated.count(LegalIndex.Change.UPDATED), updated.newlyStale().size());
        System.out.printf("consistency check: %.2f s (%d documents hashed, %d orphan records)%n", checkSeconds, check.documents(),
                check.orphanRecords().size());
    }

    private static String dataFile(int n, String updatedAt, int revenue) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"r-").append(i).append("\",\"updated_at\":\"").append(updatedAt)
                    .append("\",\"name\":\"Record ").append(i).append("\",\"revenue\":").append(i * 10 + revenue)
                    .append(",\"country\":\"DE\"}");
        }
        return json.append("]").toString();
    }

    private static void write(Path target, byte[] bytes) {
        try {
            Files.write(target, bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
