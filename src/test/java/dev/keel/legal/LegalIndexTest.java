package dev.keel.legal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.boot.KeelSettings;
import dev.keel.db.KeelDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on embedded H2; {@link PostgresLegalIndexTest} runs the same tests on PostgreSQL. */
class LegalIndexTest {

    @TempDir
    Path home;

    /** The database settings under test. */
    protected Map<String, String> database() {
        return Map.of("keel.db.url", "jdbc:h2:file:./data/keel", "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD");
    }

    private KeelDatabase db;
    private LegalIndex index;
    private LegalQueries queries;
    private final Clock clock = Clock.fixed(Instant.parse("2026-05-01T00:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void open() {
        Map<String, String> settings = new java.util.HashMap<>(database());
        settings.put("keel.home", home.toString());
        db = KeelDatabase.open(KeelSettings.of(settings));
        index = new LegalIndex(db::dataSource, clock);
        queries = new LegalQueries(db::dataSource);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static DataRecord record(String id, String updated, Map<String, Object> fields) {
        return DataRecord.of(id, Instant.parse(updated), fields);
    }

    private LegalIndex.DocumentSync indexDoc(String id, String version, List<String> cites) throws Exception {
        String text = "---\nid: " + id + "\nmatter: M\ntitle: T " + id + "\njurisdiction: DE\nversion: \"" + version
                + "\"\ncites: " + cites + "\n---\nBody " + version + "\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path file = home.resolve("outbox/legal/" + id + ".md");
        Files.createDirectories(file.getParent());
        return index.indexDocument(LegalDocumentParser.parse(id + ".md", bytes), file.toString(), () -> write(file, bytes));
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void createsThenUpdatesARecordAndMarksCitingDocumentsStale() throws Exception {
        index.applyRecords(List.of(record("acme", "2026-01-01T00:00:00Z", Map.of("revenue", 10, "ceo", "Ann"))), "a.json");
        indexDoc("nda", "1", List.of("acme"));
        indexDoc("memo", "1", List.of("other"));

        LegalIndex.DataSync sync = index.applyRecords(
                List.of(record("acme", "2026-02-01T00:00:00Z", Map.of("revenue", 12, "ceo", "Ann", "hq", "Berlin"))), "b.json");

        assertThat(sync.records()).singleElement().satisfies(r -> {
            assertThat(r.change()).isEqualTo(LegalIndex.Change.UPDATED);
            assertThat(r.changedFields()).containsExactly("hq", "revenue");
        });
        assertThat(sync.newlyStale()).containsExactly("nda");
        assertThat(queries.stale()).singleElement().satisfies(s -> {
            assertThat(s.documentId()).isEqualTo("nda");
            assertThat(s.recordId()).isEqualTo("acme");
            assertThat(s.changedFields()).isEqualTo("hq, revenue");
        });
    }

    @Test
    void anOlderUpdateIsIgnoredWithANoteAndNeverOverwrites() {
        index.applyRecords(List.of(record("acme", "2026-02-01T00:00:00Z", Map.of("revenue", 12))), "new.json");

        LegalIndex.DataSync sync = index.applyRecords(List.of(record("acme", "2026-01-01T00:00:00Z", Map.of("revenue", 10))), "old.json");

        assertThat(sync.records()).singleElement().satisfies(r -> {
            assertThat(r.change()).isEqualTo(LegalIndex.Change.IGNORED);
            assertThat(r.note()).contains("older than the stored 2026-02-01T00:00:00Z");
        });
        LegalIndex.DataSync again = index.applyRecords(List.of(record("acme", "2026-02-01T00:00:00Z", Map.of("revenue", 12))), "same.json");
        assertThat(again.records().get(0).change()).isEqualTo(LegalIndex.Change.UNCHANGED);
    }

    @Test
    void sameTimestampWithDifferentFieldsKeepsTheStoredRecord() {
        index.applyRecords(List.of(record("acme", "2026-02-01T00:00:00Z", Map.of("revenue", 12))), "a.json");

        LegalIndex.DataSync sync = index.applyRecords(List.of(record("acme", "2026-02-01T00:00:00Z", Map.of("revenue", 99))), "b.json");

        assertThat(sync.records().get(0).change()).isEqualTo(LegalIndex.Change.IGNORED);
        assertThat(sync.records().get(0).note()).contains("same updated_at", "revenue");
    }

    @Test
    void changesAccumulateUntilANewVersionOfTheDocumentIsIndexed() throws Exception {
        index.applyRecords(List.of(record("acme", "2026-01-01T00:00:00Z", Map.of("a", 1, "b", 1))), "1.json");
        indexDoc("nda", "1", List.of("acme"));
        index.applyRecords(List.of(record("acme", "2026-01-02T00:00:00Z", Map.of("a", 2, "b", 1))), "2.json");
        index.applyRecords(List.of(record("acme", "2026-01-03T00:00:00Z", Map.of("a", 2, "b", 2))), "3.json");
        assertThat(queries.stale()).singleElement().extracting(LegalQueries.StaleEntry::changedFields).isEqualTo("a, b");

        LegalIndex.DocumentSync v2 = indexDoc("nda", "2", List.of("acme"));

        assertThat(v2.change()).isEqualTo(LegalIndex.Change.UPDATED);
        assertThat(queries.stale()).isEmpty();
    }

    @Test
    void anOlderVersionIsRefusedAndTheSameVersionWithNewContentKeepsItsStaleMarks() throws Exception {
        index.applyRecords(List.of(record("acme", "2026-01-01T00:00:00Z", Map.of("a", 1))), "1.json");
        indexDoc("nda", "10", List.of("acme"));
        index.applyRecords(List.of(record("acme", "2026-01-02T00:00:00Z", Map.of("a", 2))), "2.json");

        assertThatThrownBy(() -> indexDoc("nda", "9", List.of("acme"))).hasMessageContaining("older than the indexed version 10");
        LegalIndex.DocumentSync edited = indexDoc("nda", "10", List.of("acme", "acme"));

        assertThat(edited.note()).contains("version stayed 10");
        assertThat(queries.stale()).singleElement().extracting(LegalQueries.StaleEntry::documentId).isEqualTo("nda");
        assertThat(Versions.compare("1.10", "1.9")).isPositive();
        assertThat(Versions.compare("draft", "final")).isZero();
    }

    @Test
    void aCitationOfAnUnknownRecordIsFlaggedNotDropped() throws Exception {
        LegalIndex.DocumentSync sync = indexDoc("nda", "1", List.of("ghost", "acme"));
        index.applyRecords(List.of(record("acme", "2026-01-01T00:00:00Z", Map.of())), "a.json");

        assertThat(sync.danglingCites()).containsExactly("acme", "ghost");
        LegalQueries.Consistency check = queries.check(home.resolve("outbox/legal"));
        assertThat(check.dangling()).containsExactly(new LegalQueries.Dangling("nda", "ghost"));
        assertThat(check.consistent()).isFalse();
    }

    @Test
    void theCheckFindsOrphansChangedFilesMissingFilesAndUnindexedFiles() throws Exception {
        index.applyRecords(List.of(record("used", "2026-01-01T00:00:00Z", Map.of()),
                record("unused", "2026-01-01T00:00:00Z", Map.of())), "a.json");
        indexDoc("edited", "1", List.of("used"));
        indexDoc("deleted", "1", List.of("used"));
        Files.writeString(home.resolve("outbox/legal/edited.md"), "changed by hand");
        Files.delete(home.resolve("outbox/legal/deleted.md"));
        Files.writeString(home.resolve("outbox/legal/stray.md"), "never indexed");
        Files.writeString(home.resolve("outbox/legal/STALE.md"), "report");

        LegalQueries.Consistency check = queries.check(home.resolve("outbox/legal"));

        assertThat(check.orphanRecords()).containsExactly("unused");
        assertThat(check.mismatches()).extracting(LegalQueries.FileMismatch::documentId, LegalQueries.FileMismatch::problem)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("deleted", "file is missing"),
                        org.assertj.core.groups.Tuple.tuple("edited", "file changed since it was indexed"));
        assertThat(check.unindexedFiles()).containsExactly("stray.md");
        assertThat(check.dangling()).isEmpty();
    }

    @Test
    void aFailureInTheMiddleOfAFileLeavesTheIndexAsBeforeAndARetryAppliesItOnce() {
        AtomicInteger statements = new AtomicInteger();
        LegalIndex crashing = new LegalIndex(() -> failingAfter(db.dataSource(), statements, 7), clock);
        List<DataRecord> file = List.of(record("r1", "2026-01-01T00:00:00Z", Map.of("v", 1)),
                record("r2", "2026-01-01T00:00:00Z", Map.of("v", 2)), record("r3", "2026-01-01T00:00:00Z", Map.of("v", 3)),
                record("r4", "2026-01-01T00:00:00Z", Map.of("v", 4)), record("r5", "2026-01-01T00:00:00Z", Map.of("v", 5)));

        assertThatThrownBy(() -> crashing.applyRecords(file, "big.json")).hasMessageContaining("simulated crash");
        assertThat(queries.check(home.resolve("outbox/legal")).records()).isZero();

        LegalIndex.DataSync retry = index.applyRecords(file, "big.json");
        assertThat(retry.count(LegalIndex.Change.CREATED)).isEqualTo(5);
        assertThat(queries.check(home.resolve("outbox/legal")).records()).isEqualTo(5);
    }

    @Test
    void aDocumentWhoseFileCannotBeWrittenIsNotIndexed() {
        byte[] bytes = "---\nid: nda\nmatter: M\ntitle: T\njurisdiction: DE\nversion: 1\ncites: []\n---\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> index.indexDocument(LegalDocumentParser.parse("nda.md", bytes), "/nowhere/nda.md", () -> {
            throw new IllegalStateException("disk full");
        })).hasMessage("disk full");
        assertThat(queries.check(home.resolve("outbox/legal")).documents()).isZero();
    }

    /** A DataSource whose connections fail on the n-th statement prepared: a crash in the middle of a file. */
    private static DataSource failingAfter(DataSource real, AtomicInteger count, int n) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                                (p, m, a) -> {
                                    if (m.getName().equals("prepareStatement") && count.incrementAndGet() >= n) {
                                        throw new SQLException("simulated crash after " + n + " statements");
                                    }
                                    return invoke(m, connection, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
