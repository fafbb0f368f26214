package dev.keel.db;

import dev.keel.boot.KeelSettings;

/** The database's keel.db.* settings, validated: a supported URL, a user, the name of the variable holding the password. */
public record DbSettings(String url, String user, String passwordEnv) {

    public static DbSettings from(KeelSettings settings) {
        String passwordEnv = settings.text("keel.db.password-env");
        if (!passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw settings.fail("keel.db.password-env", passwordEnv, "is not an environment variable name; name the variable"
                    + " that holds the password (like KEEL_DB_PASSWORD), never the password itself");
        }
        return new DbSettings(KeelDatabase.checkUrl(settings), settings.word("keel.db.user"), passwordEnv);
    }
}
