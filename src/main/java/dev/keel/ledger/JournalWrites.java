package dev.keel.ledger;

import dev.keel.db.Jdbc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Moves journaled ledger rows into the table: a flush at most every {@value #FLUSH_MILLIS} ms while
 * rows come, each one JDBC batch in one transaction; a batch that fails stays first in line (its rows
 * are safe in the journal) and is tried again at the next flush. Rows a previous run left in the
 * journal are inserted (those the table lacks) before the first flush.
 */
final class JournalWrites {

    /** How long a row may wait for its batch: what the dashboard and reports may lag behind the last call. */
    static final long FLUSH_MILLIS = 500;
    private static final int BATCH = 2000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JournalWrites.class);

    private final LedgerJournal journal;
    private final Jdbc jdbc;
    private final ScheduledExecutorService flusher;
    private final Queue<LedgerJournal.Entry> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ReentrantLock flushing = new ReentrantLock();
    private List<LedgerJournal.Entry> failed = List.of();
    private boolean recovered;
    private boolean closed;

    JournalWrites(LedgerJournal journal, Jdbc jdbc, ScheduledExecutorService flusher) {
        this.journal = journal;
        this.jdbc = jdbc;
        this.flusher = flusher;
        schedule(0); // what the last run left is in the table soon after start, calls or not
    }

    long append(String id, CostLedger.Call call) {
        return journal.append(id, call);
    }

    /** A row appended to the journal waits for the next flush. */
    void queued(LedgerJournal.Entry entry) {
        queued.add(entry);
        schedule(FLUSH_MILLIS);
    }

    private void schedule(long millis) {
        if (scheduled.compareAndSet(false, true)) {
            try {
                flusher.schedule(this::scheduledFlush, millis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                scheduled.set(false); // Keel is stopping: close() flushes what is queued
            }
        }
    }

    private void scheduledFlush() {
        scheduled.set(false);
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Ledger rows stay in the journal for now ({}); retrying in {} ms", e.getMessage(), FLUSH_MILLIS);
        }
        if (!queued.isEmpty() || !failed.isEmpty()) {
            schedule(FLUSH_MILLIS);
        }
    }

    /** Inserts every row queued so far; throws when the database refuses (the rows stay queued). */
    void flush() {
        flushing.lock();
        try {
            recover();
            while (!failed.isEmpty() || !queued.isEmpty()) {
                List<LedgerJournal.Entry> batch = failed.isEmpty() ? take() : failed;
                failed = batch;
                jdbc.transaction(c -> {
                    CostLedger.insert(c, batch);
                    return null;
                });
                failed = List.of();
                journal.committed(batch.get(batch.size() - 1).seq());
            }
        } finally {
            flushing.unlock();
        }
    }

    private List<LedgerJournal.Entry> take() {
        List<LedgerJournal.Entry> batch = new ArrayList<>();
        for (LedgerJournal.Entry e; batch.size() < BATCH && (e = queued.poll()) != null; ) {
            batch.add(e);
        }
        return batch;
    }

    /** The rows a killed run appended but had not inserted: those the table lacks go in, then their segments. */
    private void recover() {
        if (recovered) {
            return;
        }
        List<LedgerJournal.Entry> left = journal.recovered();
        int inserted = 0;
        for (int from = 0; from < left.size(); from += BATCH) {
            List<LedgerJournal.Entry> chunk = left.subList(from, Math.min(left.size(), from + BATCH));
            Set<String> present = new HashSet<>();
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            jdbc.list("SELECT call_id FROM keel_model_call WHERE call_id IN (" + marks + ")", r -> present.add(r.getString(1)),
                    chunk.stream().map(LedgerJournal.Entry::id).toArray());
            List<LedgerJournal.Entry> missing = chunk.stream().filter(e -> !present.contains(e.id())).toList();
            if (!missing.isEmpty()) {
                jdbc.transaction(c -> {
                    CostLedger.insert(c, missing);
                    return null;
                });
                inserted += missing.size();
            }
        }
        journal.recoveredCommitted();
        recovered = true;
        if (inserted > 0) {
            LOG.info("The ledger journal held {} calls the database lacked (Keel stopped before inserting them): inserted", inserted);
        }
    }

    void abandon() {
        closed = true;
        journal.close(false);
    }

    /** Inserts what is queued and closes the journal; a row not inserted stays in it for the next start. */
    void close() {
        flushing.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            boolean all;
            try {
                flush();
                all = true;
            } catch (RuntimeException e) {
                LOG.warn("Ledger rows left in the journal at stop ({}): they are inserted at the next start", e.getMessage());
                all = false;
            }
            journal.close(all && queued.isEmpty());
        } finally {
            flushing.unlock();
        }
    }
}
