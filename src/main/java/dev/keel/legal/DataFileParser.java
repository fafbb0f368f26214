package dev.keel.legal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.keel.storage.RejectedInputException;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a data file: JSON (an array of records, or {@code {"records": [...]}}) or CSV with a header
 * row. Every record needs {@code id} and {@code updated_at}; the other keys are its fields. Any bad
 * record refuses the whole file, naming the record, so a file is applied whole or not at all.
 */
public final class DataFileParser {

    private static final ObjectMapper JSON = dev.keel.storage.InputMappers.json();
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS);

    private DataFileParser() {
    }

    public static List<DataRecord> parse(String name, String text) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        List<Map<String, Object>> rows = lower.endsWith(".csv") ? csv(text) : json(text);
        if (rows.isEmpty()) {
            throw new RejectedInputException("no records in " + name);
        }
        List<DataRecord> records = new ArrayList<>(rows.size());
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>(rows.get(i));
            String where = "record " + (i + 1);
            String id = Ids.check(row.remove("id"), where);
            Instant updated = instant(row.remove("updated_at"), where + " (" + id + ")");
            if (!seen.add(id)) {
                duplicates.add(id);
            }
            records.add(DataRecord.of(id, updated, row));
        }
        if (!duplicates.isEmpty()) {
            throw new RejectedInputException("duplicate ids in one file: " + String.join(", ", duplicates));
        }
        return records;
    }

    private static List<Map<String, Object>> json(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RejectedInputException(dev.keel.storage.InputMappers.reason("malformed JSON", e, 0));
        }
        JsonNode list = root != null && root.isObject() && root.has("records") ? root.get("records") : root;
        if (list == null || !list.isArray()) {
            throw new RejectedInputException("expected a JSON array of records or an object with a \"records\" array");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        int n = 0;
        for (JsonNode item : list) {
            n++;
            if (!item.isObject()) {
                throw new RejectedInputException("record " + n + " is not a JSON object");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                row.put(field.getKey(), JSON.convertValue(field.getValue(), Object.class));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, Object>> csv(String text) {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (var it = CSV.readerFor(Map.class).with(schema).<Map<String, Object>>readValues(text)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (it.hasNext()) {
                rows.add(it.next());
            }
            if (!rows.isEmpty() && !rows.get(0).containsKey("id")) {
                throw new RejectedInputException("the CSV header has no 'id' column");
            }
            return rows;
        } catch (RuntimeException e) {
            if (e instanceof RejectedInputException rejected) {
                throw rejected;
            }
            throw new RejectedInputException("malformed CSV: " + firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new RejectedInputException("malformed CSV: " + firstLine(e.getMessage()));
        }
    }

    /** ISO-8601: an instant, a date-time with offset, a local date-time or a date (both taken as UTC). */
    static Instant instant(Object raw, String where) {
        if (raw == null || raw.toString().isBlank()) {
            throw new RejectedInputException(where + " has no updated_at");
        }
        String text = raw.toString().trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new RejectedInputException(where + " has an updated_at that is not an ISO-8601 date or time: '" + text + "'");
        }
    }

    static String firstLine(String message) {
        return message == null ? "no detail" : message.strip().lines().findFirst().orElse("no detail");
    }
}
