package dev.keel.router;

import java.util.Locale;

/** What a model can do beyond plain chat, as providers.yaml declares it per model. */
public enum Capability {
    TOOLS, VISION, JSON_SCHEMA, REASONING;

    /** The spelling providers.yaml and ROUTER.md use: tools, vision, json_schema, reasoning. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Capability of(String label) {
        for (Capability c : values()) {
            if (c.label().equalsIgnoreCase(label.trim().replace('-', '_'))) {
                return c;
            }
        }
        return null;
    }
}
