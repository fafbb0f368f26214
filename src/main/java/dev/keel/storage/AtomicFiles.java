package dev.keel.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Writes a file so no reader sees half of it: the bytes go to a hidden temp file in the same folder
 * (an inbox consumer ignores dot-files), are forced to disk, then renamed into place atomically.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    public static Path write(Path target, String text) {
        return write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Path write(Path target, byte[] bytes) {
        return write(target, bytes, true);
    }

    /**
     * {@code force} false skips forcing the bytes to disk before the rename: the file is still whole or
     * absent to any reader and after a killed process, but a power loss may leave it empty. For outputs
     * that are made again when they cannot be read back (content outputs); each force costs 10-25 ms
     * on a busy virtual disk.
     */
    public static Path write(Path target, byte[] bytes, boolean force) {
        Path dir = target.toAbsolutePath().getParent();
        // short, so a name near the file-system limit still has room; hidden, so no inbox consumer takes it; CREATE_NEW
        // refuses a name that exists. Not UUID.randomUUID: its SecureRandom read was a quarter of a content output's write (#20)
        Path temp = dir.resolve(".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            if (!Files.isDirectory(dir)) { // createDirectories on a folder that exists throws and catches an exception first
                Files.createDirectories(dir);
            }
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                if (force) {
                    out.force(true);
                }
            }
            return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temp file is hidden and the write has failed either way
            }
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
    }

    /** {@code name} if it is free, else {@code base~2.ext}, {@code base~3.ext}, … the first one not taken. */
    public static String freeName(String name, Predicate<String> taken) {
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        String candidate = name;
        for (int n = 2; taken.test(candidate); n++) {
            candidate = base + "~" + n + ext;
        }
        return candidate;
    }
}
