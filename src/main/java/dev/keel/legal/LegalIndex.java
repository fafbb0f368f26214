package dev.keel.legal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.keel.db.Jdbc;
import dev.keel.storage.RejectedInputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Writes the legal ↔ data index. Each data file and each document is one transaction: a failure
 * (or a crash) part-way leaves the index as it was before that file.
 */
public final class LegalIndex {

    /** What happened to one record or document. */
    public enum Change { CREATED, UPDATED, UNCHANGED, IGNORED }

    /** One record's outcome; {@code note} says why a record was ignored. */
    public record RecordOutcome(String id, Change change, List<String> changedFields, String note) {
    }

    /** A data file's outcome: per record, and the documents it made stale. */
    public record DataSync(List<RecordOutcome> records, Set<String> newlyStale) {
        public long count(Change change) {
            return records.stream().filter(r -> r.change() == change).count();
        }
    }

    /** A document's outcome: the cites the index has no record for are flagged, not dropped. */
    public record DocumentSync(String id, Change change, List<String> danglingCites, String note) {
    }

    /** Built on first use: Jackson's first mapper costs ~150 ms of class loading that start-up need not pay. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    private final Jdbc jdbc;
    private final Clock clock;

    public LegalIndex(Supplier<DataSource> dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource, "legal index");
        this.clock = clock;
    }

    public DataSync applyRecords(List<DataRecord> records, String source) {
        return jdbc.transaction(c -> {
            List<RecordOutcome> outcomes = new ArrayList<>(records.size());
            Set<String> stale = new LinkedHashSet<>();
            for (DataRecord record : records) {
                RecordOutcome outcome = apply(c, record, source);
                outcomes.add(outcome);
                if (outcome.change() == Change.UPDATED && !outcome.changedFields().isEmpty()) {
                    stale.addAll(markStale(c, record.id(), outcome.changedFields()));
                }
            }
            return new DataSync(outcomes, stale);
        });
    }

    private RecordOutcome apply(Connection c, DataRecord record, String source) throws SQLException {
        String fields = json(record.fields());
        try (PreparedStatement find = c.prepareStatement("SELECT fields, updated_at FROM legal_record WHERE id = ?")) {
            find.setString(1, record.id());
            try (ResultSet r = find.executeQuery()) {
                if (!r.next()) {
                    insertRecord(c, record, fields, source);
                    return new RecordOutcome(record.id(), Change.CREATED, List.of(), null);
                }
                Instant stored = r.getObject(2, OffsetDateTime.class).toInstant();
                List<String> changed = diff(r.getString(1), fields);
                if (record.updatedAt().isBefore(stored)) {
                    return new RecordOutcome(record.id(), Change.IGNORED, List.of(), "updated_at " + record.updatedAt()
                            + " is older than the stored " + stored + "; the stored record is kept");
                }
                if (changed.isEmpty()) {
                    return new RecordOutcome(record.id(), Change.UNCHANGED, List.of(), null);
                }
                if (record.updatedAt().equals(stored)) {
                    return new RecordOutcome(record.id(), Change.IGNORED, List.of(), "same updated_at " + stored
                            + " as the stored record but different " + String.join(", ", changed) + "; the stored record is kept");
                }
                updateRecord(c, record, fields, source);
                return new RecordOutcome(record.id(), Change.UPDATED, changed, null);
            }
        }
    }

    private void insertRecord(Connection c, DataRecord record, String fields, String source) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO legal_record (id, fields, updated_at, source, indexed_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, record.id());
            s.setString(2, fields);
            s.setObject(3, utc(record.updatedAt()));
            s.setString(4, source);
            s.setObject(5, utc(clock.instant()));
            s.executeUpdate();
        }
    }

    private void updateRecord(Connection c, DataRecord record, String fields, String source) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE legal_record SET fields = ?, updated_at = ?, source = ?, indexed_at = ? WHERE id = ?")) {
            s.setString(1, fields);
            s.setObject(2, utc(record.updatedAt()));
            s.setString(3, source);
            s.setObject(4, utc(clock.instant()));
            s.setString(5, record.id());
            s.executeUpdate();
        }
    }

    /** Marks every document citing {@code recordId} stale, merging the changed fields with earlier ones. */
    private List<String> markStale(Connection c, String recordId, List<String> changed) throws SQLException {
        List<String> documents = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT document_id FROM legal_citation WHERE record_id = ?")) {
            s.setString(1, recordId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    documents.add(r.getString(1));
                }
            }
        }
        for (String document : documents) {
            Set<String> fields = new TreeSet<>(changed);
            boolean exists = false;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT changed_fields FROM legal_stale WHERE document_id = ? AND record_id = ?")) {
                s.setString(1, document);
                s.setString(2, recordId);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        exists = true;
                        fields.addAll(List.of(r.getString(1).split(",\\s*")));
                    }
                }
            }
            String sql = exists
                    ? "UPDATE legal_stale SET changed_fields = ?, marked_at = ? WHERE document_id = ? AND record_id = ?"
                    : "INSERT INTO legal_stale (changed_fields, marked_at, document_id, record_id) VALUES (?, ?, ?, ?)";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, String.join(", ", fields));
                s.setObject(2, utc(clock.instant()));
                s.setString(3, document);
                s.setString(4, recordId);
                s.executeUpdate();
            }
        }
        return documents;
    }

    /**
     * Indexes a document. {@code publish} runs inside the transaction just before it commits, so a
     * document whose file cannot be written is not indexed either.
     */
    public DocumentSync indexDocument(LegalDocument doc, String path, Runnable publish) {
        return jdbc.transaction(c -> {
            Change change;
            String note = null;
            boolean newVersion = true;
            try (PreparedStatement find = c.prepareStatement("SELECT version, content_hash FROM legal_document WHERE id = ?")) {
                find.setString(1, doc.id());
                try (ResultSet r = find.executeQuery()) {
                    if (!r.next()) {
                        change = Change.CREATED;
                    } else if (r.getString(2).equals(doc.contentHash())) {
                        change = Change.UNCHANGED;
                    } else {
                        String indexed = r.getString(1);
                        if (Versions.compare(doc.version(), indexed) < 0) {
                            throw new RejectedInputException("version " + doc.version() + " of " + doc.id()
                                    + " is older than the indexed version " + indexed + "; drop a newer version");
                        }
                        change = Change.UPDATED;
                        if (indexed.equals(doc.version())) {
                            newVersion = false;
                            note = "content changed but the version stayed " + doc.version() + "; stale marks are kept";
                        }
                    }
                }
            }
            if (change != Change.UNCHANGED) {
                writeDocument(c, doc, path, change == Change.CREATED);
                if (newVersion) {
                    Jdbc.update(c, "DELETE FROM legal_stale WHERE document_id = ?", doc.id());
                }
            }
            Jdbc.update(c, "DELETE FROM legal_citation WHERE document_id = ?", doc.id());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO legal_citation (document_id, record_id) VALUES (?, ?)")) {
                for (String cite : doc.cites()) {
                    s.setString(1, doc.id());
                    s.setString(2, cite);
                    s.addBatch();
                }
                s.executeBatch();
            }
            List<String> dangling = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT c.record_id FROM legal_citation c LEFT JOIN legal_record r"
                    + " ON r.id = c.record_id WHERE c.document_id = ? AND r.id IS NULL ORDER BY c.record_id")) {
                s.setString(1, doc.id());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        dangling.add(r.getString(1));
                    }
                }
            }
            publish.run();
            return new DocumentSync(doc.id(), change, dangling, note);
        });
    }

    private void writeDocument(Connection c, LegalDocument doc, String path, boolean insert) throws SQLException {
        String sql = insert
                ? "INSERT INTO legal_document (matter, title, jurisdiction, version, content_hash, path, sources, indexed_at, id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                : "UPDATE legal_document SET matter = ?, title = ?, jurisdiction = ?, version = ?, content_hash = ?, path = ?,"
                + " sources = ?, indexed_at = ? WHERE id = ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, doc.matter());
            s.setString(2, doc.title());
            s.setString(3, doc.jurisdiction());
            s.setString(4, doc.version());
            s.setString(5, doc.contentHash());
            s.setString(6, path);
            s.setString(7, json(doc.sources()));
            s.setObject(8, utc(clock.instant()));
            s.setString(9, doc.id());
            s.executeUpdate();
        }
    }

    /** Field names whose values differ between two canonical JSON objects (added and removed included). */
    static List<String> diff(String before, String after) {
        try {
            JsonNode a = Json.MAPPER.readTree(before);
            JsonNode b = Json.MAPPER.readTree(after);
            Set<String> names = new TreeSet<>();
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            return names.stream().filter(n -> !java.util.Objects.equals(a.get(n), b.get(n))).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored record fields are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
