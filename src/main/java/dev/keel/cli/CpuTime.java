package dev.keel.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

/**
 * CPU time spent on the work {@code keel export} times: by the threads that export (each task's own thread CPU
 * time) and by the whole process (JIT compiler and GC threads included). On a machine others share, these hold
 * still where wall time does not.
 */
final class CpuTime {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final LongAdder workNanos = new LongAdder();

    /** The figures at one moment, to report what was spent since. */
    final class Mark {
        private final long work = workNanos.sum();
        private final long process = processNanos();

        String perDocument(int documents) {
            return String.format("CPU per document: export threads %.1f ms, whole process %.1f ms",
                    (workNanos.sum() - work) / 1e6 / documents, (processNanos() - process) / 1e6 / documents);
        }
    }

    Mark mark() {
        return new Mark();
    }

    /** Runs {@code task} on this thread, adding its CPU time to the work's. */
    <T> T counted(Callable<T> task) throws Exception {
        long start = threads.getCurrentThreadCpuTime();
        try {
            return task.call();
        } finally {
            workNanos.add(threads.getCurrentThreadCpuTime() - start);
        }
    }

    private static long processNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
