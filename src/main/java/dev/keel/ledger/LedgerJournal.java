package dev.keel.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.router.Tier;
import dev.keel.router.Usage;
import dev.keel.storage.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded ledger's write-ahead file: a call's row is appended here (one write to the OS, the
 * same guarantee H2 gives a commit with WRITE_DELAY=0: safe from kill -9, not from a power loss,
 * neither fsyncs) before its answer goes back, and reaches the H2 table later in large batches
 * ({@link CostLedger}'s flush), so a call no longer waits for a database commit that rewrites the
 * table's eight index pages for one row. Rows are in segment files {@code NNNNNNNN.journal} of
 * {@code ledger-journal/} beside the database; a segment is deleted once every row in it is
 * committed to the table. At start the segments left by a previous run are read back
 * ({@link #recovered}) and their rows that the table lacks are inserted before anything reads it.
 * One process at a time: the folder is locked ({@link #open} returns empty when another holds it).
 */
public final class LedgerJournal {

    /** A row and its place in the journal. */
    public record Entry(String id, CostLedger.Call call, long seq) {
    }

    private static final long SEGMENT_BYTES = 8L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LedgerJournal.class);

    private final Path folder;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<Path> left;
    /** Segments still open or not yet wholly committed, oldest first, with the last seq each holds. */
    private final Deque<Segment> segments = new ArrayDeque<>();
    private FileChannel current;
    private long written;
    private long seq;
    private long number;

    private record Segment(Path path, long[] last) {
    }

    private LedgerJournal(Path folder, FileChannel lockChannel, FileLock lock, List<Path> left) {
        this.folder = folder;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.left = left;
        this.number = left.isEmpty() ? 0 : number(left.get(left.size() - 1));
    }

    /** The journal in {@code folder}, made owner-only; empty when another process holds it. */
    public static Optional<LedgerJournal> open(Path folder) {
        OwnerOnly.folder(folder);
        try {
            Path lockFile = folder.resolve("lock");
            if (!Files.exists(lockFile)) {
                try {
                    OwnerOnly.newFile(lockFile);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // made by another process a moment ago: locked below
                }
            }
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            List<Path> left;
            try (Stream<Path> files = Files.list(folder)) {
                left = files.filter(p -> p.getFileName().toString().endsWith(".journal")).sorted().toList();
            }
            return Optional.of(new LedgerJournal(folder, channel, lock, left));
        } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the ledger journal in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends a row and returns its seq once the write has returned (the bytes are in the OS). The
     * caller serialises appends (CostLedger holds its lock), so rows are in seq order in the files.
     */
    public synchronized long append(String id, CostLedger.Call call) {
        byte[] line = encode(id, call);
        try {
            if (current == null || written + line.length > SEGMENT_BYTES) {
                rotate();
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                current.write(buffer);
            }
            written += line.length;
            seq++;
            segments.peekLast().last()[0] = seq;
            return seq;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the ledger journal: " + e.getMessage(), e);
        }
    }

    /** Every row up to {@code upTo} is committed to the table: segments holding only such rows go. */
    public synchronized void committed(long upTo) {
        while (segments.size() > 1 && segments.peekFirst().last()[0] <= upTo) {
            delete(segments.pollFirst().path());
        }
    }

    /** The rows a previous run left in its segments, in order; a torn last line (a crash mid-write) is skipped. */
    public List<Entry> recovered() {
        List<Entry> rows = new ArrayList<>();
        for (Path segment : left) {
            try {
                for (String line : Files.readAllLines(segment)) {
                    if (!line.isBlank()) {
                        decode(line).ifPresentOrElse(rows::add, () -> LOG.warn("Skipped a torn line in {}", segment.getFileName()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + segment + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    /** The recovered rows are in the table: their segments go. */
    public void recoveredCommitted() {
        left.forEach(LedgerJournal::delete);
    }

    private synchronized void rotate() throws IOException {
        if (current != null) {
            current.close();
        }
        number++;
        Path path = folder.resolve(String.format("%08d.journal", number));
        OwnerOnly.newFile(path);
        current = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        written = 0;
        segments.addLast(new Segment(path, new long[] {seq}));
    }

    private static long number(Path segment) {
        return Long.parseLong(segment.getFileName().toString().replace(".journal", ""));
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Could not delete the committed journal segment {}: {}", path.getFileName(), e.getMessage());
        }
    }

    static byte[] encode(String id, CostLedger.Call c) {
        Usage u = c.usage();
        Object[] fields = {id, c.at().getEpochSecond(), c.at().getNano(), c.caller(), c.provider(), c.model(), c.tier().name(),
            c.reason(), u.inputTokens(), u.outputTokens(), u.cachedInputTokens(), u.cacheWriteTokens(), u.durationMillis(),
            c.costUsd(), c.local(), c.outcome(), c.toolCalls()};
        try {
            byte[] json = JSON.writeValueAsBytes(fields);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<Entry> decode(String line) {
        try {
            JsonNode f = JSON.readTree(line);
            if (f == null || !f.isArray() || f.size() != 17) {
                return Optional.empty();
            }
            CostLedger.Call call = new CostLedger.Call(Instant.ofEpochSecond(f.get(1).asLong(), f.get(2).asInt()), f.get(3).asText(),
                    f.get(4).asText(), f.get(5).asText(), Tier.valueOf(f.get(6).asText()), f.get(7).asText(),
                    new Usage(f.get(8).asLong(), f.get(9).asLong(), f.get(10).asLong(), f.get(11).asLong(), f.get(12).asLong()),
                    f.get(13).asDouble(), f.get(14).asBoolean(), f.get(15).asText(), f.get(16).asInt());
            return Optional.of(new Entry(f.get(0).asText(), call, 0));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Closes; with {@code allCommitted} (every appended row is in the table) its segments go too. */
    public synchronized void close(boolean allCommitted) {
        try {
            if (current != null) {
                current.close();
                current = null;
            }
            if (allCommitted) {
                segments.forEach(s -> delete(s.path()));
                segments.clear();
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("Closing the ledger journal: {}", e.getMessage());
        }
    }
}
