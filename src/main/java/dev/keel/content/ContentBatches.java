package dev.keel.content;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A content batch's life: resumed after a restart (tasks a stopped run had taken are queued again),
 * sealed once its file is queued, and reported (REPORT.md) when its last task ends.
 */
final class ContentBatches {

    private static final Logger LOG = LoggerFactory.getLogger(ContentBatches.class);

    private final ContentQueue queue;
    private final ContentOutput outputs;
    private final ContentProgress progress;
    private final Clock clock;
    private final AtomicBoolean started = new AtomicBoolean();

    ContentBatches(ContentQueue queue, ContentOutput outputs, ContentProgress progress, Clock clock) {
        this.queue = queue;
        this.outputs = outputs;
        this.progress = progress;
        this.clock = clock;
    }

    /** Once: runs {@code first}, re-queues what a stopped run had taken and resumes the progress of unfinished batches. */
    void resume(Runnable first) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        first.run();
        int recovered = queue.recover();
        if (recovered > 0) {
            LOG.warn("content queue: {} tasks a stopped run had taken are queued again; an output already written is recognised,"
                    + " not paid for twice", recovered);
        }
        queue.open().forEach((batch, counts) -> {
            ContentProgress.Batch b = progress.restart(batch);
            progress.queued(batch, counts.getOrDefault(ContentQueue.State.QUEUED, 0L) + counts.getOrDefault(ContentQueue.State.WAITING, 0L)
                    + counts.getOrDefault(ContentQueue.State.RUNNING, 0L));
            progress.waitingForNight(batch, counts.getOrDefault(ContentQueue.State.NIGHT, 0L));
            progress.endedAtIntake(batch, counts.getOrDefault(ContentQueue.State.DONE, 0L), false);
            progress.endedAtIntake(batch, counts.getOrDefault(ContentQueue.State.REJECTED, 0L), true);
            progress.seal(batch);
            LOG.info("content batch {}: resuming, {} of {} tasks ended", batch, b.ended.get(), b.total.get());
        });
    }

    /** The intake queued the batch's whole file; a batch with nothing to run is reported at once. */
    void sealed(String batch) {
        if (progress.seal(batch)) {
            report(batch);
        }
    }

    /**
     * A task of {@code batch} ended; the batch's last one writes its report. With other nodes on the
     * database this node's counts are only its share, so the queue decides; two nodes ending the last
     * tasks at once may both write REPORT.md, from the same rows, renamed into place.
     */
    void ended(String batch, boolean rejected) {
        boolean last = progress.ended(batch, rejected);
        if ((last || queue.shared()) && queue.pending(batch) == 0) {
            report(batch);
        }
    }

    private void report(String batch) {
        Path file = ContentReport.write(queue, outputs, batch, clock.instant());
        queue.reported(batch);
        progress.tick(line -> { });
        progress.finished(batch);
        LOG.info("content batch {}: finished, {}", batch, file);
    }
}
