package dev.keel.content.safety;

/** Where a PII value stands in a text; {@code value} is its normal form, so spellings of one value share a placeholder. */
record PiiSpan(PiiType type, int start, int end, String value) {

    boolean overlaps(PiiSpan other) {
        return start < other.end && other.start < end;
    }
}
