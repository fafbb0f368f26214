package dev.keel.legal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;

/** Reads of the legal ↔ data index: what is stale, and the consistency check. */
public final class LegalQueries {

    /** A stale document and the record change that made it so. */
    public record StaleEntry(String documentId, String title, String version, String path, String recordId,
                             String changedFields, Instant markedAt) {
    }

    /** A citation of a record the index does not have. */
    public record Dangling(String documentId, String recordId) {
    }

    /** An indexed document whose file is missing or no longer matches its hash. */
    public record FileMismatch(String documentId, String path, String problem) {
    }

    /** The consistency check's findings; empty lists mean consistent. */
    public record Consistency(int documents, int records, List<Dangling> dangling, List<String> orphanRecords,
                              List<FileMismatch> mismatches, List<String> unindexedFiles) {
        public boolean consistent() {
            return dangling.isEmpty() && mismatches.isEmpty() && unindexedFiles.isEmpty();
        }
    }

    private final Supplier<DataSource> dataSource;

    public LegalQueries(Supplier<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    public List<StaleEntry> stale() {
        return query("SELECT s.document_id, d.title, d.version, d.path, s.record_id, s.changed_fields, s.marked_at"
                + " FROM legal_stale s JOIN legal_document d ON d.id = s.document_id ORDER BY s.document_id, s.record_id",
                r -> new StaleEntry(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getString(6), r.getObject(7, OffsetDateTime.class).toInstant()));
    }

    /** Dangling citations, orphan records, files that no longer match, and Markdown in {@code published} not indexed. */
    public Consistency check(Path published) {
        List<Dangling> dangling = query("SELECT c.document_id, c.record_id FROM legal_citation c LEFT JOIN legal_record r"
                + " ON r.id = c.record_id WHERE r.id IS NULL ORDER BY c.document_id, c.record_id",
                r -> new Dangling(r.getString(1), r.getString(2)));
        List<String> orphans = query("SELECT r.id FROM legal_record r LEFT JOIN legal_citation c ON c.record_id = r.id"
                + " WHERE c.record_id IS NULL ORDER BY r.id", r -> r.getString(1));
        List<String[]> documents = query("SELECT id, path, content_hash FROM legal_document ORDER BY id",
                r -> new String[] {r.getString(1), r.getString(2), r.getString(3)});
        List<FileMismatch> mismatches = new ArrayList<>();
        Set<Path> indexed = new HashSet<>();
        for (String[] doc : documents) {
            Path path = Path.of(doc[1]);
            indexed.add(path.toAbsolutePath().normalize());
            if (!Files.isRegularFile(path)) {
                mismatches.add(new FileMismatch(doc[0], doc[1], "file is missing"));
                continue;
            }
            try {
                if (!dev.keel.storage.TextInput.sha256(Files.readAllBytes(path)).equals(doc[2])) {
                    mismatches.add(new FileMismatch(doc[0], doc[1], "file changed since it was indexed"));
                }
            } catch (IOException e) {
                mismatches.add(new FileMismatch(doc[0], doc[1], "file cannot be read: " + e.getMessage()));
            }
        }
        int records = query("SELECT COUNT(*) FROM legal_record", r -> r.getInt(1)).get(0);
        return new Consistency(documents.size(), records, dangling, orphans, mismatches, unindexed(published, indexed));
    }

    private static List<String> unindexed(Path published, Set<Path> indexed) {
        if (!Files.isDirectory(published)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(published)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(p -> !p.getFileName().toString().equals(LegalReports.STALE))
                    .filter(p -> !indexed.contains(p.toAbsolutePath().normalize()))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + published + ": " + e.getMessage(), e);
        }
    }

    interface Row<T> {
        T map(ResultSet r) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row) {
        try (Connection c = dataSource.get().getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet r = s.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (r.next()) {
                out.add(row.map(r));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("legal index: " + e.getMessage(), e);
        }
    }
}
