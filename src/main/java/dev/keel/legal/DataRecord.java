package dev.keel.legal;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

/** One record of the data index: its id, when its owner last changed it, and its fields (sorted, so diffs are stable). */
public record DataRecord(String id, Instant updatedAt, SortedMap<String, Object> fields) {

    public DataRecord {
        fields = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(fields));
    }

    public static DataRecord of(String id, Instant updatedAt, Map<String, Object> fields) {
        return new DataRecord(id, updatedAt, new java.util.TreeMap<>(fields));
    }
}
