package dev.keel.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Keel's private state (data/, backups, archive/, secrets/, quarantine/) is owner-only whatever the
 * umask: folders 0700, files 0600, set at creation (not chmod after, which leaves a window) and
 * tightened on folders that already exist. Without POSIX permissions (Windows) this does nothing.
 */
public final class OwnerOnly {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Creates {@code folder} (and missing parents, which keep the umask) as 0700, or makes an existing one 0700. */
    public static Path folder(Path folder) {
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder.toAbsolutePath().getParent());
                try {
                    Files.createDirectory(folder, attribute(FOLDER));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectory(folder);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // made by another process meanwhile: tightened below
                }
            }
            restrict(folder, FOLDER);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + " owner-only: " + e.getMessage(), e);
        }
    }

    /** A new, empty 0600 file; fails if it exists (so a racing writer cannot swap in its own). */
    public static Path newFile(Path file) throws IOException {
        try {
            return Files.createFile(file, attribute(FILE));
        } catch (UnsupportedOperationException e) {
            return Files.createFile(file);
        }
    }

    /** Makes an existing file 0600. */
    public static void file(Path file) {
        restrict(file, FILE);
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> perms) {
        return PosixFilePermissions.asFileAttribute(perms);
    }

    private static void restrict(Path path, Set<PosixFilePermission> perms) {
        try {
            Files.setPosixFilePermissions(path, perms);
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions on this file system
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + path + " owner-only: " + e.getMessage(), e);
        }
    }
}
