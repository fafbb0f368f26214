package dev.keel.content;

import dev.keel.content.qa.MarkdownOutline;
import dev.keel.content.qa.QaGate;
import dev.keel.content.qa.QaResult;
import dev.keel.content.safety.Review;
import dev.keel.content.safety.SafetyConfig;
import dev.keel.content.safety.SafetyPolicy;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.keel.router.ModelGateway;
import dev.keel.router.ModelRouter;
import dev.keel.router.ProviderCalls;
import dev.keel.router.Tier;
import dev.keel.storage.RejectedInputException;
import dev.langchain4j.data.message.UserMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content workers' bean (routes/content.camel.yaml). {@link #dispatch} returns the ready tasks that
 * fit the window ({@link ContentDispatch}); the route sends each to {@code seda:content-task}. For each
 * task: {@link #prepare} recognises a task an earlier run finished, or reviews the prompt (PII redacted
 * before a cloud call; a local call that sees PII gets no cloud fallback) and makes the request for
 * direct:model-call; {@link #review} runs the output filters and the QA gate and, once, sends a failed
 * local output on to the next tier ({@link Escalation}); {@link #finish} writes the output or the
 * rejected file and then marks the row. A call no provider could take goes back to the queue
 * ({@link #failed}, {@link RetryPolicy}) until keel.content.max-attempts.
 */
public final class ContentWorker {

    private static final Logger LOG = LoggerFactory.getLogger(ContentWorker.class);
    public static final String JOB = "KeelContentJob";
    public static final String CALL = "KeelContentCall";
    public static final String ESCALATE = "KeelContentEscalate";
    /** Set when a task ended and half the window is free: the route asks the dispatcher for more. */
    public static final String REFILL = "KeelContentRefill";

    private final ContentQueue queue;
    private final ContentOutput outputs;
    private final ContentProgress progress;
    private final ModelGateway gateway;
    private final Supplier<SafetyConfig> safetySource;
    private volatile SafetyConfig safety;
    private volatile QaGate qa;
    private final Clock clock;
    private final ZoneId zone;
    private final RetryPolicy retries;
    private final long maxOutputTokens;
    private final ContentDispatch dispatch;
    private final ContentBatches batches;

    public ContentWorker(ContentQueue queue, ContentOutput outputs, ContentProgress progress, ModelGateway gateway,
                         Supplier<SafetyConfig> safety, Clock clock, ZoneId zone, int window, int maxAttempts, Duration retryDelay,
                         long maxOutputTokens) {
        this.queue = queue;
        this.outputs = outputs;
        this.progress = progress;
        this.gateway = gateway;
        this.safetySource = safety;
        this.clock = clock;
        this.zone = zone;
        this.retries = new RetryPolicy(maxAttempts, retryDelay);
        this.maxOutputTokens = maxOutputTokens;
        this.dispatch = new ContentDispatch(queue, window);
        this.batches = new ContentBatches(queue, outputs, progress, clock);
    }

    public ContentProgress progress() {
        return progress;
    }

    public ContentQueue queue() {
        return queue;
    }

    public ContentOutput outputs() {
        return outputs;
    }

    /** Once, before the first dispatch or intake: tasks a stopped run had taken are queued again, unfinished batches resume. */
    public void start() {
        batches.resume(this::reloadPolicy);
    }

    /** The safety policy in force (the intake checks prompts for secrets with it before they are queued). */
    public SafetyPolicy policy() {
        return safety.policy();
    }

    /** Reads ops/configs/safety.yaml again (each batch taken in runs under the policy of its time). */
    public void reloadPolicy() {
        SafetyConfig config = safetySource.get();
        safety = config;
        qa = new QaGate(config.qa());
    }

    /** The intake queued the batch's whole file; a batch with nothing to run is reported at once. */
    public void sealed(String batch) {
        batches.sealed(batch);
    }

    /** The ready tasks that fit the window (the content-dispatch timer, after an intake, a worker with room). */
    public List<ContentQueue.Claimed> dispatch() {
        start();
        return dispatch.claim();
    }

    /** Progress lines and gauges (the content-progress timer). */
    public void tick() {
        progress.tick(LOG::info);
    }

    /** The night run's drain-deferred step: night tasks join the queue. */
    public int releaseNight() {
        start();
        Map<String, Long> released = queue.releaseNight();
        released.forEach(progress::released);
        return released.values().stream().mapToInt(Long::intValue).sum();
    }

    public void prepare(Exchange exchange) throws JsonProcessingException, InvalidPayloadException {
        ContentQueue.Claimed claimed = exchange.getMessage().getMandatoryBody(ContentQueue.Claimed.class);
        ContentJob job = new ContentJob(claimed, ContentIntake.JSON.readValue(claimed.spec(), QueuedTask.class), clock.instant());
        exchange.setProperty(JOB, job);
        exchange.setProperty(CALL, false);
        exchange.setProperty(ESCALATE, false);
        exchange.setProperty(REFILL, false);
        ContentTask task = job.task();
        Optional<Map<String, Object>> done = ContentOutput.recognise(outputs.output(task.batch(), task.output()), claimed.inputSha256());
        Optional<Map<String, Object>> rejected = done.isPresent() ? Optional.empty()
                : ContentOutput.recognise(outputs.rejected(task.batch(), task.id()), claimed.inputSha256());
        if (done.isPresent() || rejected.isPresent()) {
            job.recognised = done.orElseGet(rejected::get);
            job.recognisedRejected = done.isEmpty();
            return;
        }
        SafetyPolicy policy = safety.policy();
        ModelGateway.Request plain = request(job, job.queued.prompt(), task.tier(), null);
        ModelRouter.Decision decision = gateway.decide(plain);
        job.rule = decision.rule();
        boolean cloud = decision.routed() && decision.tier() != Tier.LOCAL;
        job.input = policy.inputReview(job.queued.prompt(), cloud);
        job.safety.addAll(job.input.actions());
        if (job.input.refused()) {
            job.rejection = "safety: " + job.input.refusal();
            return;
        }
        ModelRouter.Pin pin = null;
        if (decision.routed() && !cloud && policy.redactsFor(true) && !policy.redact(job.queued.prompt()).isEmpty()) {
            pin = new ModelRouter.Pin(decision.provider().name(), decision.model());
            job.safety.add("kept the prompt's PII on " + decision.provider().name() + ": no cloud fallback for this call");
        }
        // the prompt goes as it was decided on: direct:model-call takes this decision rather than a second one
        exchange.getMessage().setBody(pin == null && job.input.text().equals(job.queued.prompt()) ? new ModelGateway.Decided(plain, decision)
                : request(job, job.input.text(), task.tier(), pin));
        exchange.setProperty(CALL, true);
    }

    public void review(Exchange exchange) throws InvalidPayloadException {
        ContentJob job = exchange.getProperty(JOB, ContentJob.class);
        ModelGateway.Result result = exchange.getMessage().getMandatoryBody(ModelGateway.Result.class);
        exchange.setProperty(ESCALATE, false);
        job.result = result;
        job.cost += result.costUsd();
        job.inputTokens += result.usage().inputTokens();
        job.outputTokens += result.usage().outputTokens();
        SafetyPolicy policy = safety.policy();
        Review out = policy.outputReview(result.text(), job.input.redaction());
        job.safety.addAll(out.actions());
        job.body = out.text();
        MarkdownOutline outline = new MarkdownOutline(job.body);
        job.header = OutputHeader.of(job, result, qa.sources(outline), clock.instant(), zone);
        List<String> reasons = new ArrayList<>();
        if (out.refused()) {
            reasons.add("safety: " + out.refusal());
        } else {
            QaResult verdict = qa.check(job.header, outline, job.task().sources());
            reasons.addAll(verdict.reasons());
        }
        String call = result.provider() + "/" + result.model() + " (" + OutputHeader.tier(result.tier()) + ")";
        Escalation.Verdict verdict = Escalation.after(result.tier(), job.escalation != null, reasons);
        if (reasons.isEmpty()) {
            job.calls.add(call + ": passed QA");
            job.header.put("calls", List.copyOf(job.calls));
            job.header.put("qa", "passed");
            return;
        }
        job.calls.add(call + ": " + String.join("; ", reasons));
        if (verdict.escalate()) {
            job.escalation = verdict.note();
            job.input = policy.inputReview(job.queued.prompt(), true);
            job.safety.addAll(job.input.actions());
            if (job.input.refused()) {
                job.rejection = "safety: " + job.input.refusal();
                return;
            }
            exchange.getMessage().setBody(request(job, job.input.text(), Tier.REASONING, null));
            exchange.setProperty(ESCALATE, true);
            return;
        }
        job.rejection = verdict.rejection();
        job.showBody = !out.refused();
    }

    public void finish(Exchange exchange) {
        ContentJob job = exchange.getProperty(JOB, ContentJob.class);
        ContentTask task = job.task();
        ContentQueue.State state;
        ContentQueue.Outcome outcome;
        if (job.recognised != null) {
            state = job.recognisedRejected ? ContentQueue.State.REJECTED : ContentQueue.State.DONE;
            outcome = OutputHeader.outcomeOf(job.recognised, true);
            LOG.info("content {}/{}: its output from an earlier run is there, not run again", task.batch(), task.id());
        } else if (job.rejection == null) {
            outputs.write(outputs.output(task.batch(), task.output()), job.header, job.body);
            state = ContentQueue.State.DONE;
            outcome = OutputHeader.outcome(job, null);
        } else {
            writeRejected(job, job.rejection, job.showBody ? job.body : null);
            state = ContentQueue.State.REJECTED;
            outcome = OutputHeader.outcome(job, job.rejection);
            LOG.warn("content {}/{} rejected: {}", task.batch(), task.id(), job.rejection);
        }
        boolean rejected = state == ContentQueue.State.REJECTED;
        // the worker goes on at once: the task counts as ended (progress, the batch's report) once its row is committed
        queue.endLater(job.claimed.seq(), state, job.claimed.attempts() + (job.recognised == null ? 1 : 0), outcome, task.kind(), job.rule,
                failure -> committed(task, rejected, failure));
        exchange.setProperty(REFILL, dispatch.ended());
    }

    /** A task's end is in the database: it counts now, and the batch's last one writes REPORT.md. */
    private void committed(ContentTask task, boolean rejected, RuntimeException failure) {
        if (failure != null) {
            // its output is written: the restart's recognition marks it without a second call
            LOG.error("content {}/{}: its end could not be written to the queue ({}); it counts once a restart recognises its output",
                    task.batch(), task.id(), failure.getMessage());
            return;
        }
        batches.ended(task.batch(), rejected);
    }

    /** The model call failed (no provider, budget, a provider error after every fallback): queued again, or rejected at the last attempt. */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ContentJob job = exchange.getProperty(JOB, ContentJob.class);
        ContentQueue.Claimed claimed = job != null ? job.claimed : exchange.getMessage().getBody(ContentQueue.Claimed.class);
        String reason = cause == null ? "failed without an exception" : cause.getMessage();
        RetryPolicy.Decision decision = retries.after(new RetryPolicy.Failed(cause instanceof RejectedInputException,
                cause instanceof ModelGateway.NoProvider np && np.budget(), claimed.attempts(), job != null,
                job == null ? null : job.escalation, reason));
        if (decision.reject()) {
            if (job != null) {
                job.rejection = decision.why();
                writeRejected(job, decision.why(), null);
            }
            queue.end(claimed.seq(), ContentQueue.State.REJECTED, decision.attempts(),
                    job == null ? ContentQueue.Outcome.refused(decision.why()) : OutputHeader.outcome(job, decision.why()),
                    job == null ? null : job.task().kind(), job == null ? null : job.rule);
            LOG.warn("content {}/{} rejected: {}", claimed.batch(), claimed.task(), decision.why());
            ended(exchange, claimed.batch(), true);
            return;
        }
        queue.retry(claimed.seq(), decision.attempts(), clock.instant().plus(decision.delay()), reason);
        LOG.warn("content {}/{}: {}; queued again, next try in {} s (attempt {} of {})", claimed.batch(), claimed.task(), reason,
                decision.delay().toSeconds(), decision.attempts(), retries.maxAttempts());
        dispatch.ended();
    }

    private void writeRejected(ContentJob job, String why, String body) {
        Map<String, Object> header = job.header == null ? OutputHeader.base(job, clock.instant(), zone) : job.header;
        header.put("rejected", why);
        header.put("calls", List.copyOf(job.calls));
        header.put("safety", List.copyOf(job.safety));
        outputs.write(outputs.rejected(job.task().batch(), job.task().id()), header, body);
    }

    private void ended(Exchange exchange, String batch, boolean rejected) {
        boolean room = dispatch.ended();
        batches.ended(batch, rejected);
        exchange.setProperty(REFILL, room);
    }

    private ModelGateway.Request request(ContentJob job, String prompt, Tier tier, ModelRouter.Pin pin) {
        return new ModelGateway.Request("content/" + job.task().batch(), List.of(UserMessage.from(prompt)), job.task().kind(), tier,
                maxOutputTokens, pin, new ProviderCalls.Options(null, (int) maxOutputTokens), null);
    }
}
