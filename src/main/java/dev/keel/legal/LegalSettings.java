package dev.keel.legal;

import dev.keel.boot.KeelSettings;

/** The legal index's keel.legal.* settings, validated. */
public record LegalSettings(long maxFileBytes, String regenerateTo) {

    public static LegalSettings from(KeelSettings settings) {
        String regenerate = settings.text("keel.legal.regenerate-to");
        if (!regenerate.isEmpty() && !regenerate.matches("[a-z][a-z0-9+.-]*:\\S+")) {
            throw settings.fail("keel.legal.regenerate-to", regenerate, "is not a Camel endpoint URI; write it like"
                    + " seda:content-regenerate, or leave it empty to turn regeneration requests off");
        }
        return new LegalSettings(settings.integer("keel.legal.max-file-mb", 1, 4096) * 1024L * 1024L, regenerate);
    }
}
