package dev.keel.gateway;

import dev.keel.router.LazyTemplate;
import dev.keel.router.ModelGateway;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Runs a streamed call on the gateway's stream pool and hands back its event body once a provider
 * has started answering, so a call that fails before its first part still gets a proper error
 * status (and the next provider may take over). A call with structured output is made whole,
 * checked against its schema, and then sent as a stream: a schema cannot be checked on a half answer.
 * The call enters {@code direct:model-call} from the pool's thread through a ProducerTemplate: the HTTP
 * response has to start while the model is still answering, and the route's reply is only written
 * once the route ends.
 */
final class StreamRunner {

    /** The provider that took the call, known before its first part, and the body the parts go to. */
    record Started(String provider, String model, String reason, SseBody body) {
    }

    private final ExecutorService streams;
    private final Semaphore slots;
    private final int maxStreams;
    private final Duration timeout;
    private final LazyTemplate template = new LazyTemplate();

    StreamRunner(ExecutorService streams, int maxStreams, Duration timeout) {
        this.streams = streams;
        this.slots = new Semaphore(maxStreams);
        this.maxStreams = maxStreams;
        this.timeout = timeout;
    }

    Started run(Exchange exchange, GatewayCall calls, ModelGateway.Request request, StreamEncoder encoder) throws Refused {
        ProducerTemplate producer = template.of(exchange);
        if (!slots.tryAcquire()) {
            throw new Refused(503, "server_error", "too_many_streams", "Keel is serving its limit of " + maxStreams
                    + " streamed answers (keel.gateway.max-streams); retry shortly or call without stream.");
        }
        SseBody body = new SseBody();
        CompletableFuture<Started> started = new CompletableFuture<>();
        ModelGateway.StreamSink sink = new ModelGateway.StreamSink() {
            @Override
            public void started(String provider, String model, String reason) {
                started.complete(new Started(provider, model, reason, body));
                encoder.started(body, provider, model);
            }

            @Override
            public void token(String text) {
                encoder.text(body, text);
            }

            @Override
            public void thinking(String text) {
                encoder.thinking(body, text);
            }

            @Override
            public void toolCall(int index, String id, String name, String arguments) {
                encoder.toolCall(body, index, id, name, arguments);
            }
        };
        Runnable job = () -> {
            try {
                ModelGateway.Result result;
                if (request.options().answerFormat() != null) {
                    result = calls.call(producer, request);
                    sink.started(result.provider(), result.model(), result.reason());
                    if (result.text() != null && !result.text().isEmpty()) {
                        sink.token(result.text());
                    }
                } else {
                    result = producer.requestBody("direct:model-call", request.withSink(sink), ModelGateway.Result.class);
                }
                encoder.finished(body, result);
            } catch (Refused r) {
                if (!started.completeExceptionally(r)) {
                    encoder.failed(body, r);
                }
            } catch (RuntimeException e) {
                if (!started.completeExceptionally(e)) {
                    encoder.failed(body, calls.refusal(e));
                }
            } finally {
                body.end();
                slots.release();
            }
        };
        try {
            streams.execute(job);
        } catch (RejectedExecutionException e) {
            slots.release();
            throw new Refused(503, "server_error", "stopping", "Keel is stopping; retry against another instance or later.");
        }
        try {
            return started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Refused r ? r : calls.refusal(e.getCause());
        } catch (TimeoutException e) {
            body.close();
            throw new Refused(504, "server_error", "timeout", "No provider started answering within " + timeout.toSeconds() + " s.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(503, "server_error", "interrupted", "Keel is stopping.");
        }
    }
}
