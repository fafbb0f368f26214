package dev.keel.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.content.safety.SafetyPolicy;
import dev.keel.storage.IntakeGate;
import dev.keel.storage.RejectedInputException;
import dev.keel.storage.TextInput;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content inbox's bean (direct:content-batch): streams a batch file into the queue, task by task,
 * in chunks. A task the queue already has with the same input, or whose output an earlier run wrote,
 * is not queued again. While the queue holds keel.content.queue-max tasks ready to run, the intake
 * waits: the inbox consumer is held back, nothing is dropped. A task refused alone gets its reason
 * file in {@code rejected/} at once.
 */
public final class ContentIntake {

    private static final Logger LOG = LoggerFactory.getLogger(ContentIntake.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 500;

    private final BatchFile reader;
    private final ContentQueue queue;
    private final ContentOutput outputs;
    private final ContentWorker worker;
    private final long queueMax;
    private final Duration holdPoll;

    public ContentIntake(BatchFile reader, ContentWorker worker, long queueMax, Duration holdPoll) {
        this.reader = reader;
        this.queue = worker.queue();
        this.outputs = worker.outputs();
        this.worker = worker;
        this.queueMax = queueMax;
        this.holdPoll = holdPoll;
    }

    /** One batch file (the body is the file in inbox/content/.inprogress). */
    public String intake(Exchange exchange) {
        worker.start();
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        File file = exchange.getMessage().getBody(File.class);
        worker.reloadPolicy();
        Enqueuer enqueuer = new Enqueuer(name, exchange, secretsIn(exchange, name));
        BatchFile.Summary summary = reader.read(name, file.toPath(), enqueuer);
        enqueuer.flush();
        queue.batch(summary.id(), name, summary.tasks());
        queue.sync();
        String line = String.format(java.util.Locale.ROOT, "content batch %s (%s): %d tasks; %d queued, %d wait for the night,"
                        + " %d already queued or ended, %d recognised as done, %d refused", summary.id(), name, summary.tasks(),
                enqueuer.queued, enqueuer.night, enqueuer.known, enqueuer.recognised, enqueuer.refused);
        LOG.info(line);
        worker.sealed(summary.id());
        return line;
    }

    /**
     * A batch file the intake gate found a key in is settled before anything of it is queued (so the key
     * never reaches keel_content_task or a model): refused to .error, or with secrets-in-prompts: redact
     * its tasks are queued masked (the gate already sends the file to quarantine/, not the archive).
     */
    private boolean secretsIn(Exchange exchange, String name) {
        String where = exchange.getMessage().getHeader(IntakeGate.SECRETS, String.class);
        if (where == null) {
            return false;
        }
        if (worker.policy().secretsInPrompts() == SafetyPolicy.SecretAction.REFUSE) {
            throw new RejectedInputException("'" + name + "' holds a secret (" + where + "); nothing was queued or sent to a model."
                    + " Refer to keys by secret name, or set secrets-in-prompts: redact in safety.yaml");
        }
        LOG.warn("content batch {} holds a secret ({}): its tasks are queued with the secret masked", name, where);
        return true;
    }

    private final class Enqueuer implements BatchFile.Sink {
        final String fileName;
        final Exchange exchange;
        final List<ContentQueue.Row> rows = new ArrayList<>();
        Map<String, ContentQueue.Known> before;
        long queued;
        long night;
        long known;
        long recognised;
        long refused;

        final boolean redact;

        Enqueuer(String fileName, Exchange exchange, boolean redact) {
            this.fileName = fileName;
            this.exchange = exchange;
            this.redact = redact;
        }

        /** The task as it will be stored and sent; a secret from the file (redact) or the prompt bank (refused) never is. */
        private String clean(String spec) {
            return redact ? worker.policy().promptSecrets(spec).text() : spec;
        }

        private void begin(String batch) {
            if (before == null) {
                before = queue.known(batch);
                queue.batch(batch, fileName, 0);
                worker.progress().restart(batch);
            }
        }

        @Override
        public void task(ContentTask task, Prompt prompt, ContentTemplates.Template template) {
            begin(task.batch());
            QueuedTask queuedTask = new QueuedTask(task, template.apply(prompt.render(task.variables())), prompt.ref(), prompt.sha256(),
                    template.name(), template.sha256());
            // a secret from the file (redact) or from the prompt bank: masked or refused before it is stored
            dev.keel.content.safety.Review secrets = worker.policy().promptSecrets(json(queuedTask));
            if (secrets.refused()) {
                refused(task, "the prompt " + secrets.refusal());
                return;
            }
            String spec = secrets.text();
            String input = TextInput.sha256(spec.getBytes(StandardCharsets.UTF_8));
            ContentQueue.Known was = before.get(task.id());
            if (was != null && was.inputSha256().equals(input)) {
                known++;
                switch (was.state()) {
                    case NIGHT -> worker.progress().waitingForNight(task.batch(), 1);
                    case QUEUED, WAITING, RUNNING -> worker.progress().queued(task.batch(), 1);
                    default -> worker.progress().endedAtIntake(task.batch(), 1, was.state() == ContentQueue.State.REJECTED);
                }
                return;
            }
            Optional<Map<String, Object>> done = ContentOutput.recognise(outputs.output(task.batch(), task.output()), input);
            if (done.isPresent()) {
                recognised++;
                add(new ContentQueue.Row(task.batch(), task.id(), task.priority(), ContentQueue.State.DONE, input, spec,
                        OutputHeader.outcomeOf(done.get(), true)));
                worker.progress().endedAtIntake(task.batch(), 1, false);
                return;
            }
            ContentQueue.State state = task.night() ? ContentQueue.State.NIGHT : ContentQueue.State.QUEUED;
            add(new ContentQueue.Row(task.batch(), task.id(), task.priority(), state, input, spec, null));
            if (task.night()) {
                night++;
                worker.progress().waitingForNight(task.batch(), 1);
            } else {
                queued++;
                worker.progress().queued(task.batch(), 1);
            }
        }

        @Override
        public void refused(ContentTask task, String reason) {
            begin(task.batch());
            refused++;
            String spec = clean(json(task));
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("title", task.title());
            header.put("batch", task.batch());
            header.put("task", task.id());
            header.put("rejected", "refused at intake: " + reason);
            header.put("file", fileName);
            header.put(ContentOutput.INPUT_KEY, TextInput.sha256(spec.getBytes(StandardCharsets.UTF_8)));
            outputs.write(outputs.rejected(task.batch(), task.id()), header, null);
            add(new ContentQueue.Row(task.batch(), task.id(), task.priority(), ContentQueue.State.REJECTED,
                    String.valueOf(header.get(ContentOutput.INPUT_KEY)), spec, ContentQueue.Outcome.refused("refused at intake: " + reason)));
            worker.progress().endedAtIntake(task.batch(), 1, true);
            LOG.warn("content batch {} ({}): task {} refused: {}", task.batch(), fileName, task.id(), reason);
        }

        private void add(ContentQueue.Row row) {
            rows.add(row);
            if (rows.size() >= CHUNK) {
                flush();
            }
        }

        void flush() {
            if (rows.isEmpty()) {
                return;
            }
            holdBack();
            queue.put(rows, before);
            rows.clear();
        }

        /** A full queue holds the inbox back: wait until the workers have made room. */
        private void holdBack() {
            boolean told = false;
            while (queue.ready() >= queueMax) {
                if (exchange.getContext().isStopping()) {
                    throw new IllegalStateException("Keel stopped while " + fileName + " was being queued; the tasks queued so far"
                            + " stay queued, drop the file again to queue the rest");
                }
                if (!told) {
                    LOG.info("content queue full ({} tasks ready, keel.content.queue-max {}): holding back {} until the workers make room",
                            queue.ready(), queueMax, fileName);
                    told = true;
                }
                try {
                    Thread.sleep(holdPoll.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while " + fileName + " waited for room in the content queue", e);
                }
            }
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
