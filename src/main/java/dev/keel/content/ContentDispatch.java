package dev.keel.content;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The content workers' window: tasks claimed from the queue (priority, then age) and not yet ended,
 * never more than keel.content.window. A claim waits until a quarter of the window is free, so the
 * queue is read in chunks rather than one task at a time; a worker that ends a task asks for more once
 * half the window is free.
 */
final class ContentDispatch {

    private final ContentQueue queue;
    private final int window;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock claiming = new ReentrantLock();

    ContentDispatch(ContentQueue queue, int window) {
        this.queue = queue;
        this.window = window;
    }

    /** Ready tasks to fill the window, or none when another claim is running or too little of it is free. */
    List<ContentQueue.Claimed> claim() {
        if (!claiming.tryLock()) {
            return List.of();
        }
        try {
            int free = window - inFlight.get();
            if (free < Math.max(1, window / 4)) {
                return List.of();
            }
            List<ContentQueue.Claimed> claimed = queue.claim(free);
            inFlight.addAndGet(claimed.size());
            return claimed;
        } finally {
            claiming.unlock();
        }
    }

    /** A claimed task ended (done, rejected or queued again); true when half the window is free for more. */
    boolean ended() {
        return inFlight.decrementAndGet() < window / 2;
    }
}
