package dev.keel.legal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.storage.RejectedInputException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataFileParserTest {

    @Test
    void readsAJsonArrayKeepingFieldTypes() {
        List<DataRecord> records = DataFileParser.parse("r.json",
                "[{\"id\":\"acme\",\"updated_at\":\"2026-03-01T10:00:00Z\",\"revenue\":12,\"name\":\"Acme\"}]");

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("acme");
            assertThat(r.updatedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
            assertThat(r.fields()).containsEntry("revenue", 12).containsEntry("name", "Acme").doesNotContainKeys("id", "updated_at");
        });
    }

    @Test
    void readsARecordsObjectAndEveryDateForm() {
        List<DataRecord> records = DataFileParser.parse("r.json", "{\"records\":[{\"id\":\"a\",\"updated_at\":\"2026-03-01\"},"
                + "{\"id\":\"b\",\"updated_at\":\"2026-03-01T10:00:00\"},{\"id\":\"c\",\"updated_at\":\"2026-03-01T12:00:00+02:00\"}]}");

        assertThat(records).extracting(DataRecord::updatedAt).containsExactly(Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:00:00Z"));
    }

    @Test
    void readsCsvWithAHeaderRow() {
        List<DataRecord> records = DataFileParser.parse("r.csv", "id,updated_at,owner\nacme,2026-03-01T10:00:00Z,Ann\n"
                + "beta,2026-03-02T10:00:00Z,\"Bob, Jr.\"\n");

        assertThat(records).extracting(DataRecord::id).containsExactly("acme", "beta");
        assertThat(records.get(1).fields()).containsEntry("owner", "Bob, Jr.");
    }

    @Test
    void refusesDuplicateIdsNamingThem() {
        assertThatThrownBy(() -> DataFileParser.parse("r.json", "[{\"id\":\"a\",\"updated_at\":\"2026-01-01\"},"
                + "{\"id\":\"a\",\"updated_at\":\"2026-01-02\"}]"))
                .isInstanceOf(RejectedInputException.class).hasMessage("duplicate ids in one file: a");
    }

    @Test
    void refusesARecordWithoutAnIdNamingItsPosition() {
        assertThatThrownBy(() -> DataFileParser.parse("r.json", "[{\"id\":\"a\",\"updated_at\":\"2026-01-01\"},"
                + "{\"updated_at\":\"2026-01-02\"}]")).hasMessage("record 2 has no id");
    }

    @Test
    void refusesAnUnreadableUpdatedAt() {
        assertThatThrownBy(() -> DataFileParser.parse("r.csv", "id,updated_at\na,yesterday\n"))
                .hasMessageContaining("record 1 (a) has an updated_at that is not an ISO-8601 date or time: 'yesterday'");
    }

    @Test
    void refusesMalformedJsonWithItsPosition() {
        assertThatThrownBy(() -> DataFileParser.parse("r.json", "[{\"id\": \"a\",\n \"updated_at\": }]"))
                .hasMessageStartingWith("malformed JSON at line 2");
    }

    @Test
    void refusesMalformedCsvAndCsvWithoutAnIdColumn() {
        assertThatThrownBy(() -> DataFileParser.parse("r.csv", "id,updated_at\na,2026-01-01,extra,columns\n"))
                .hasMessageStartingWith("malformed CSV");
        assertThatThrownBy(() -> DataFileParser.parse("r.csv", "key,updated_at\na,2026-01-01\n"))
                .hasMessage("the CSV header has no 'id' column");
    }

    @Test
    void refusesAnIdThatCouldNameAFileElsewhere() {
        assertThatThrownBy(() -> DataFileParser.parse("r.json", "[{\"id\":\"../etc/passwd\",\"updated_at\":\"2026-01-01\"}]"))
                .hasMessageContaining("id that is not allowed");
    }

    @Test
    void refusesAnEmptyListAndAScalar() {
        assertThatThrownBy(() -> DataFileParser.parse("r.json", "[]")).hasMessage("no records in r.json");
        assertThatThrownBy(() -> DataFileParser.parse("r.json", "42")).hasMessageContaining("expected a JSON array");
    }
}
