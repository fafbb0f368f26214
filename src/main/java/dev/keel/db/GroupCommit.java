package dev.keel.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Rows written before their writer goes on, many callers to one commit: {@link #write} queues a row
 * and returns once the transaction holding it has committed; one job on {@code writer} takes
 * whatever has queued up and inserts it as one JDBC batch in one transaction. A burst of callers
 * costs one commit, and a caller waits at most for the commit before its own plus its own.
 * {@link #submit} queues a row without waiting; with a linger the writer first lets such rows gather, so
 * each commit holds more of them (on embedded H2 every commit writes a chunk of the store).
 */
public final class GroupCommit<T> {

    /** Writes the rows of one batch on the transaction's connection. */
    @FunctionalInterface
    public interface Rows<T> {
        void write(Connection c, List<T> rows) throws SQLException;
    }

    private record Pending<T>(T row, CompletableFuture<Void> committed) {
    }

    private static final int MAX_BATCH = 1000;
    private static final int ATTEMPTS = 3;
    private static final long WAIT_SECONDS = 30;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GroupCommit.class);

    private final Jdbc jdbc;
    private final Rows<T> rows;
    private final Consumer<List<T>> afterCommit;
    private final Executor writer;
    private final BlockingQueue<Pending<T>> pending = new LinkedBlockingQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ReentrantLock commits = new ReentrantLock();
    private final long lingerMillis;

    /** {@code afterCommit} sees each committed batch before its callers go on (under {@link #exclusive}'s lock). */
    public GroupCommit(Jdbc jdbc, Rows<T> rows, Consumer<List<T>> afterCommit, Executor writer) {
        this(jdbc, rows, afterCommit, writer, Duration.ZERO);
    }

    /** As above; each writer job first waits {@code linger} for more rows to share its commit. */
    public GroupCommit(Jdbc jdbc, Rows<T> rows, Consumer<List<T>> afterCommit, Executor writer, Duration linger) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.afterCommit = afterCommit;
        this.writer = writer;
        this.lingerMillis = linger.toMillis();
    }

    /**
     * Returns once {@code row} is committed; throws IllegalStateException when it could not be
     * (after {@value #ATTEMPTS} attempts, or {@value #WAIT_SECONDS} s without a commit).
     */
    public void write(T row) {
        Pending<T> mine = new Pending<>(row, new CompletableFuture<>());
        pending.add(mine);
        startWriter();
        try {
            mine.committed().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IllegalStateException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the database took no commit in " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before the row was committed");
        }
    }

    /**
     * Queues {@code row} and returns at once; {@code then} runs on the writer after the transaction that
     * held it, with null once it is committed or with why it could not be (as {@link #write} throws).
     */
    public void submit(T row, Consumer<RuntimeException> then) {
        Pending<T> mine = new Pending<>(row, new CompletableFuture<>());
        mine.committed().whenComplete((ok, failure) -> {
            try {
                then.accept(failure == null ? null : failure instanceof RuntimeException r ? r : new IllegalStateException(failure));
            } catch (RuntimeException e) {
                LOG.error("After a commit: {}", e.toString(), e);
            }
        });
        pending.add(mine);
        startWriter();
    }

    /**
     * Runs {@code read} while no batch is between its commit and {@code afterCommit}: a view rebuilt
     * from the table here counts each committed row exactly once, whether from the table or after.
     */
    public <R> R exclusive(java.util.function.Supplier<R> read) {
        commits.lock();
        try {
            return read.get();
        } finally {
            commits.unlock();
        }
    }

    /** One drain job at a time; it ends when the queue is empty, so it holds no thread while nothing is written. */
    private void startWriter() {
        if (draining.compareAndSet(false, true)) {
            try {
                writer.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                drain(); // the writer's pool is shutting down: the caller commits what is queued
            }
        }
    }

    private void drain() {
        boolean interrupted = false;
        do {
            interrupted |= linger();
            List<Pending<T>> batch = new ArrayList<>();
            while (pending.drainTo(batch, MAX_BATCH) > 0) {
                commit(batch);
                batch.clear();
            }
            draining.set(false);
            // a row queued between the last drainTo and the reset finds draining still set: take it here
        } while (!pending.isEmpty() && draining.compareAndSet(false, true));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void commit(List<Pending<T>> batch) {
        List<T> values = batch.stream().map(Pending::row).toList();
        RuntimeException failure = null;
        commits.lock();
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    jdbc.transaction(c -> {
                        rows.write(c, values);
                        return null;
                    });
                    afterCommit.accept(values);
                    failure = null;
                    break;
                } catch (RuntimeException e) {
                    failure = e;
                    LOG.warn("Writing {} rows failed (attempt {} of {}): {}", values.size(), attempt, ATTEMPTS, e.getMessage());
                    if (attempt < ATTEMPTS && !pause(200L * attempt)) {
                        break;
                    }
                }
            }
        } finally {
            commits.unlock();
        }
        for (Pending<T> p : batch) {
            if (failure == null) {
                p.committed().complete(null);
            } else {
                p.committed().completeExceptionally(failure);
            }
        }
    }

    /**
     * Lets rows gather before a commit; true when interrupted (a pool shutting down): what is queued is then
     * committed at once and the interrupt restored after, since an interrupted thread would close H2's file
     * channel under the commit.
     */
    private boolean linger() {
        if (lingerMillis > 0 && pending.size() < MAX_BATCH) {
            try {
                Thread.sleep(lingerMillis);
            } catch (InterruptedException stopping) {
                return true;
            }
        }
        return false;
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
