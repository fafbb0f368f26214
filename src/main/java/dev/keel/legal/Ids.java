package dev.keel.legal;

import dev.keel.storage.RejectedInputException;
import java.util.regex.Pattern;

/** Ids name files (outbox/legal/<id>.md) and rows: letters, digits, '.', '_', '-', at most 200, no leading dot. */
final class Ids {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9._\\-]{0,199}");

    private Ids() {
    }

    static String check(Object raw, String where) {
        if (raw == null || raw.toString().isBlank()) {
            throw new RejectedInputException(where + " has no id");
        }
        String id = raw.toString().trim();
        if (!SAFE.matcher(id).matches() || id.contains("..")) {
            throw new RejectedInputException(where + " has an id that is not allowed: '" + id
                    + "' (letters, digits, '.', '_' and '-' only, at most 200, not starting with '.')");
        }
        return id;
    }
}
