package dev.keel.boot;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/** Closes a resource when the CamelContext stops. */
final class Closing extends ServiceSupport {

    private final AutoCloseable resource;

    private Closing(AutoCloseable resource) {
        this.resource = resource;
    }

    static void onStop(CamelContext camel, AutoCloseable resource) throws Exception {
        camel.addService(new Closing(resource));
    }

    /**
     * An executor for one background job, on a thread from Camel's ExecutorServiceManager (named,
     * daemon, shut down with the context); the thread ends when the job does.
     */
    static Executor once(CamelContext camel, Object source, String name) {
        ExecutorService pool = camel.getExecutorServiceManager().newSingleThreadExecutor(source, name);
        return job -> {
            pool.execute(job);
            pool.shutdown();
        };
    }

    @Override
    protected void doStop() throws Exception {
        resource.close();
    }
}
