package dev.keel.content;

import dev.keel.content.qa.MarkdownOutline;
import dev.keel.content.qa.QaGate;
import dev.keel.content.qa.QaResult;
import dev.keel.content.safety.Review;
import dev.keel.content.safety.SafetyConfig;
import dev.keel.content.safety.SafetyPolicy;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.keel.router.LazyTemplate;
import dev.keel.router.ModelGateway;
import dev.keel.router.ModelRouter;
import dev.keel.router.ProviderCalls;
import dev.keel.router.Tier;
import dev.keel.storage.RejectedInputException;
import dev.langchain4j.data.message.UserMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content workers' bean (routes/content.camel.yaml). {@link #dispatch} takes ready tasks from the
 * queue (priority, then age) into {@code seda:content-task}, never more than keel.content.window at
 * once. For each task: {@link #prepare} recognises a task an earlier run finished, or reviews the
 * prompt (PII redacted before a cloud call; a local call that sees PII gets no cloud fallback) and
 * makes the request for direct:model-call; {@link #review} runs the output filters and the QA gate
 * and, once, sends a failed local output on to the next tier; {@link #finish} writes the output or
 * the rejected file and then marks the row. A call no provider could take goes back to the queue
 * ({@link #failed}) until keel.content.max-attempts.
 */
public final class ContentWorker {

    private static final Logger LOG = LoggerFactory.getLogger(ContentWorker.class);
    public static final String JOB = "KeelContentJob";
    public static final String CALL = "KeelContentCall";
    public static final String ESCALATE = "KeelContentEscalate";
    static final String TASK_ENDPOINT = "seda:content-task";

    /** One task on its way through the route. */
    static final class Job {
        final ContentQueue.Claimed claimed;
        final QueuedTask queued;
        final Instant started;
        final List<String> calls = new ArrayList<>();
        final Set<String> safety = new LinkedHashSet<>();
        Review input;
        ModelGateway.Result result;
        String body;
        Map<String, Object> header;
        double cost;
        long inputTokens;
        long outputTokens;
        String escalation;
        String rejection;
        String rule;
        boolean showBody;
        Map<String, Object> recognised;
        boolean recognisedRejected;

        Job(ContentQueue.Claimed claimed, QueuedTask queued, Instant started) {
            this.claimed = claimed;
            this.queued = queued;
            this.started = started;
        }

        ContentTask task() {
            return queued.task();
        }
    }

    private final ContentQueue queue;
    private final ContentOutput outputs;
    private final ContentProgress progress;
    private final ModelGateway gateway;
    private final Supplier<SafetyConfig> safetySource;
    private volatile SafetyConfig safety;
    private volatile QaGate qa;
    private final Clock clock;
    private final ZoneId zone;
    private final int window;
    private final int maxAttempts;
    private final Duration retryDelay;
    private final long maxOutputTokens;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock dispatching = new ReentrantLock();
    private final AtomicBoolean started = new AtomicBoolean();
    private final LazyTemplate template = new LazyTemplate();

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
        this.window = window;
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
        this.maxOutputTokens = maxOutputTokens;
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
        if (started.compareAndSet(false, true)) {
            reloadPolicy();
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
    }

    /** Reads ops/configs/safety.yaml again (each batch taken in runs under the policy of its time). */
    public void reloadPolicy() {
        SafetyConfig config = safetySource.get();
        safety = config;
        qa = new QaGate(config.qa());
    }

    /** The intake queued the batch's whole file; a batch with nothing to run is reported at once. */
    public void sealed(String batch) {
        if (progress.seal(batch)) {
            report(batch);
        }
    }

    /** Fills the window with ready tasks (the content-dispatch timer, the intake after each chunk, a worker with room). */
    public int dispatch(Exchange exchange) {
        start();
        if (!dispatching.tryLock()) {
            return 0;
        }
        try {
            int free = window - inFlight.get();
            if (free < Math.max(1, window / 4)) {
                return 0;
            }
            List<ContentQueue.Claimed> claimed = queue.claim(free);
            inFlight.addAndGet(claimed.size());
            for (ContentQueue.Claimed c : claimed) {
                template.of(exchange).sendBody(TASK_ENDPOINT, c);
            }
            return claimed.size();
        } finally {
            dispatching.unlock();
        }
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
        Job job = new Job(claimed, ContentIntake.JSON.readValue(claimed.spec(), QueuedTask.class), clock.instant());
        exchange.setProperty(JOB, job);
        exchange.setProperty(CALL, false);
        exchange.setProperty(ESCALATE, false);
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
        exchange.getMessage().setBody(request(job, job.input.text(), task.tier(), pin));
        exchange.setProperty(CALL, true);
    }

    public void review(Exchange exchange) throws InvalidPayloadException {
        Job job = exchange.getProperty(JOB, Job.class);
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
        job.header = header(job, result, qa.sources(outline));
        List<String> reasons = new ArrayList<>();
        if (out.refused()) {
            reasons.add("safety: " + out.refusal());
        } else {
            QaResult verdict = qa.check(job.header, outline, job.task().sources());
            reasons.addAll(verdict.reasons());
        }
        String call = result.provider() + "/" + result.model() + " (" + tier(result.tier()) + ")";
        if (reasons.isEmpty()) {
            job.calls.add(call + ": passed QA");
            job.header.put("calls", List.copyOf(job.calls));
            job.header.put("qa", "passed");
            return;
        }
        job.calls.add(call + ": " + String.join("; ", reasons));
        if (result.tier() == Tier.LOCAL && job.escalation == null) {
            job.escalation = "local output failed (" + String.join("; ", reasons) + "), sent once to the reasoning tier";
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
        job.rejection = String.join("; ", reasons);
        job.showBody = !out.refused();
    }

    public void finish(Exchange exchange) {
        Job job = exchange.getProperty(JOB, Job.class);
        ContentTask task = job.task();
        ContentQueue.State state;
        ContentQueue.Outcome outcome;
        if (job.recognised != null) {
            state = job.recognisedRejected ? ContentQueue.State.REJECTED : ContentQueue.State.DONE;
            outcome = outcomeOf(job.recognised, true);
            LOG.info("content {}/{}: its output from an earlier run is there, not run again", task.batch(), task.id());
        } else if (job.rejection == null) {
            outputs.write(outputs.output(task.batch(), task.output()), job.header, job.body);
            state = ContentQueue.State.DONE;
            outcome = outcome(job, null);
        } else {
            Map<String, Object> header = job.header == null ? base(job) : job.header;
            header.put("rejected", job.rejection);
            header.put("calls", List.copyOf(job.calls));
            header.put("safety", List.copyOf(job.safety));
            outputs.write(outputs.rejected(task.batch(), task.id()), header, job.showBody ? job.body : null);
            state = ContentQueue.State.REJECTED;
            outcome = outcome(job, job.rejection);
            LOG.warn("content {}/{} rejected: {}", task.batch(), task.id(), job.rejection);
        }
        queue.end(job.claimed.seq(), state, job.claimed.attempts() + (job.recognised == null ? 1 : 0), outcome, task.kind(), job.rule);
        ended(exchange, task.batch(), state == ContentQueue.State.REJECTED);
    }

    /** The model call failed (no provider, budget, a provider error after every fallback): queued again, or rejected at the last attempt. */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Job job = exchange.getProperty(JOB, Job.class);
        ContentQueue.Claimed claimed = job != null ? job.claimed : exchange.getMessage().getBody(ContentQueue.Claimed.class);
        String reason = cause == null ? "failed without an exception" : cause.getMessage();
        boolean budget = cause instanceof ModelGateway.NoProvider np && np.budget();
        int attempts = claimed.attempts() + (budget ? 0 : 1);
        boolean escalating = job != null && job.escalation != null;
        if (cause instanceof RejectedInputException || attempts >= maxAttempts || job == null || escalating) {
            String why = cause instanceof RejectedInputException || job == null ? reason
                    : escalating ? job.escalation + ", where no model answered: " + reason
                    : "no model answered in " + attempts + " attempts: " + reason;
            if (job != null) {
                job.rejection = why;
                Map<String, Object> header = job.header == null ? base(job) : job.header;
                header.put("rejected", why);
                header.put("calls", List.copyOf(job.calls));
                header.put("safety", List.copyOf(job.safety));
                outputs.write(outputs.rejected(claimed.batch(), claimed.task()), header, null);
            }
            queue.end(claimed.seq(), ContentQueue.State.REJECTED, attempts, job == null ? ContentQueue.Outcome.refused(why) : outcome(job, why),
                    job == null ? null : job.task().kind(), job == null ? null : job.rule);
            LOG.warn("content {}/{} rejected: {}", claimed.batch(), claimed.task(), why);
            ended(exchange, claimed.batch(), true);
            return;
        }
        Duration wait = retryDelay.multipliedBy(budget ? 1 : attempts);
        queue.retry(claimed.seq(), attempts, clock.instant().plus(wait), reason);
        LOG.warn("content {}/{}: {}; queued again, next try in {} s (attempt {} of {})", claimed.batch(), claimed.task(), reason,
                wait.toSeconds(), attempts, maxAttempts);
        inFlight.decrementAndGet();
    }

    private void ended(Exchange exchange, String batch, boolean rejected) {
        inFlight.decrementAndGet();
        if (progress.ended(batch, rejected) && queue.pending(batch) == 0) {
            report(batch);
        }
        if (inFlight.get() < window / 2) {
            dispatch(exchange);
        }
    }

    private void report(String batch) {
        Path file = ContentReport.write(queue, outputs, batch, clock.instant());
        queue.reported(batch);
        progress.tick(line -> { });
        progress.finished(batch);
        LOG.info("content batch {}: finished, {}", batch, file);
    }

    private ModelGateway.Request request(Job job, String prompt, Tier tier, ModelRouter.Pin pin) {
        return new ModelGateway.Request("content/" + job.task().batch(), List.of(UserMessage.from(prompt)), job.task().kind(), tier,
                maxOutputTokens, pin, new ProviderCalls.Options(null, (int) maxOutputTokens), null);
    }

    private Map<String, Object> base(Job job) {
        ContentTask task = job.task();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("title", task.title());
        h.put("date", LocalDate.ofInstant(clock.instant(), zone).toString());
        h.put("batch", task.batch());
        h.put("task", task.id());
        h.put("prompt", job.queued.promptRef());
        h.put("prompt-sha256", job.queued.promptSha256());
        h.put("template", job.queued.template());
        h.put(ContentOutput.INPUT_KEY, job.claimed.inputSha256());
        return h;
    }

    private Map<String, Object> header(Job job, ModelGateway.Result result, List<String> sources) {
        Map<String, Object> h = base(job);
        h.put("model", result.model());
        h.put("provider", result.provider());
        h.put("tier", tier(result.tier()));
        h.put("route-reason", result.reason());
        if (job.escalation != null) {
            h.put("escalated", job.escalation);
        }
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("input", job.inputTokens);
        tokens.put("output", job.outputTokens);
        h.put("tokens", tokens);
        h.put("cost-usd", java.math.BigDecimal.valueOf(job.cost).setScale(6, java.math.RoundingMode.HALF_UP));
        Instant now = clock.instant();
        h.put("started", job.started.toString());
        h.put("finished", now.toString());
        h.put("duration-ms", Duration.between(job.started, now).toMillis());
        if (!sources.isEmpty()) {
            h.put("sources", sources);
        }
        h.put("safety", List.copyOf(job.safety));
        return h;
    }

    private static String tier(Tier tier) {
        return tier == null ? null : tier.name().toLowerCase(Locale.ROOT);
    }

    private static ContentQueue.Outcome outcome(Job job, String reason) {
        ModelGateway.Result r = job.result;
        return new ContentQueue.Outcome(r == null ? null : r.provider(), r == null ? null : r.model(), r == null ? null : tier(r.tier()),
                job.inputTokens, job.outputTokens, job.cost, job.escalation != null, false, reason,
                job.safety.isEmpty() ? null : String.join("\n", job.safety));
    }

    /** A report row from an output header an earlier run wrote. */
    @SuppressWarnings("unchecked")
    static ContentQueue.Outcome outcomeOf(Map<String, Object> header, boolean skipped) {
        Map<String, Object> tokens = header.get("tokens") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Object safety = header.get("safety");
        return new ContentQueue.Outcome(text(header.get("provider")), text(header.get("model")), text(header.get("tier")),
                number(tokens.get("input")), number(tokens.get("output")), header.get("cost-usd") == null ? 0
                : Double.parseDouble(String.valueOf(header.get("cost-usd"))), header.get("escalated") != null, skipped,
                text(header.get("rejected")), safety instanceof List<?> l && !l.isEmpty()
                ? String.join("\n", l.stream().map(String::valueOf).toList()) : null);
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static long number(Object value) {
        return value == null ? 0 : Long.parseLong(String.valueOf(value));
    }
}
