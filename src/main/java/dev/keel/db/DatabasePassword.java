package dev.keel.db;

import dev.keel.boot.KeelSettings;
import dev.keel.secrets.SecretStore;
import dev.keel.storage.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The database password: the environment variable {@code keel.db.password-env} names, else the secret
 * {@code keel-db-password}; for the embedded H2 file database, generated on first start and kept as that
 * secret (an owner-only file in the secrets folder), so the tools open the same database with it.
 */
record DatabasePassword(String value, boolean generated) {

    static final String SECRET = "keel-db-password";
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    static DatabasePassword resolve(KeelSettings settings, boolean embeddedFile) {
        String env = System.getenv(settings.text("keel.db.password-env"));
        if (env != null && !env.isEmpty()) {
            return new DatabasePassword(env, false);
        }
        Path folder = settings.home().resolve(settings.asMap().getOrDefault("keel.secrets.dir", "secrets"));
        SecretStore store = new SecretStore(folder, Path.of(settings.asMap().getOrDefault("keel.secrets.docker-dir", "/run/secrets")),
                Map.of(), Clock.systemUTC());
        Optional<String> kept = store.get(SECRET).map(s -> s.reveal());
        if (kept.isPresent() || !embeddedFile) {
            return new DatabasePassword(kept.orElse(""), false);
        }
        return generate(folder);
    }

    /** Written to a new owner-only file; if another Keel process wrote one first, that one is used. */
    private static DatabasePassword generate(Path folder) {
        SecureRandom random = new SecureRandom();
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            value.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        Path file = OwnerOnly.folder(folder).resolve(SECRET);
        try {
            Path temp = OwnerOnly.newFile(folder.resolve("." + SECRET + "." + ProcessHandle.current().pid()));
            Files.writeString(temp, value, StandardCharsets.UTF_8);
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                Files.delete(temp);
                return new DatabasePassword(Files.readString(file, StandardCharsets.UTF_8).strip(), false);
            } catch (UnsupportedOperationException e) {
                Files.move(temp, file);
            }
            Files.deleteIfExists(temp);
            return new DatabasePassword(value.toString(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the database password to " + file + ": " + e.getMessage(), e);
        }
    }
}
