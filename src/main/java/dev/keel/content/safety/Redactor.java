package dev.keel.content.safety;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Replaces the PII of the enabled types by placeholders, numbered per type in order of first appearance. */
final class Redactor {

    private Redactor() {
    }

    static List<PiiSpan> spans(String text, Set<PiiType> types) {
        List<PiiSpan> kept = new ArrayList<>();
        for (PiiType type : PiiType.values()) {
            if (types.contains(type)) {
                for (PiiSpan span : PiiFinder.find(type, text)) {
                    if (kept.stream().noneMatch(span::overlaps)) {
                        kept.add(span);
                    }
                }
            }
        }
        kept.sort(Comparator.comparingInt(PiiSpan::start));
        return kept;
    }

    static Redaction redact(String text, Set<PiiType> types) {
        List<PiiSpan> spans = spans(text, types);
        if (spans.isEmpty()) {
            return Redaction.none(text);
        }
        Map<PiiType, Map<String, String>> placeholders = new EnumMap<>(PiiType.class);
        Map<String, String> originals = new HashMap<>();
        Map<PiiType, Integer> counts = new EnumMap<>(PiiType.class);
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (PiiSpan span : spans) {
            Map<String, String> ofType = placeholders.computeIfAbsent(span.type(), t -> new HashMap<>());
            String placeholder = ofType.computeIfAbsent(span.value(), v -> span.type().placeholder(ofType.size() + 1));
            originals.putIfAbsent(placeholder, text.substring(span.start(), span.end()));
            counts.put(span.type(), ofType.size());
            out.append(text, at, span.start()).append(placeholder);
            at = span.end();
        }
        return new Redaction(out.append(text, at, text.length()).toString(), originals, counts);
    }
}
