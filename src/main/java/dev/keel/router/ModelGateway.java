package dev.keel.router;

import dev.keel.ledger.CostCalculator;
import dev.keel.ledger.CostLedger;
import dev.keel.guard.Admission;
import dev.keel.guard.GuardLevel;
import dev.keel.guard.ResourceGuard;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The bean behind {@code direct:model-call}: asks the ModelRouter, then tries the chosen provider and
 * its fallback chain through {@code direct:provider-<name>} (throttle and resilience4j circuit breaker
 * per provider). Before each attempt it takes a slot of the provider's concurrency, reserves tokens
 * of its TPM limit and, for local work, the ResourceGuard's admission; after a 429 or 503 it honours
 * Retry-After (the provider cools down for the router too) or backs off with jitter, and it records
 * every attempt in the cost ledger, streamed ones included.
 */
public final class ModelGateway {

    /**
     * What a caller asks: who it is, the messages, optionally a kind, a tier or a pinned provider and
     * model, how much output to expect, generation options, and where streamed tokens go.
     */
    public record Request(String caller, List<ChatMessage> messages, String kind, Tier tier, long maxOutputTokens,
                          ModelRouter.Pin pin, ProviderCalls.Options options, StreamSink sink) {
        public Request(String caller, List<ChatMessage> messages, String kind, Tier tier, long maxOutputTokens) {
            this(caller, messages, kind, tier, maxOutputTokens, null, ProviderCalls.Options.NONE, null);
        }

        public static Request of(String caller, String prompt) {
            return new Request(caller, List.of(UserMessage.from(prompt)), null, null, 512);
        }

        String promptText() {
            return messages.stream().map(Request::text).collect(Collectors.joining("\n"));
        }

        static String text(ChatMessage m) {
            if (m instanceof UserMessage u && u.hasSingleText()) {
                return u.singleText();
            }
            if (m instanceof SystemMessage s) {
                return s.text();
            }
            if (m instanceof AiMessage a && a.text() != null) {
                return a.text();
            }
            return m.toString();
        }

        public Request withSink(StreamSink other) {
            return new Request(caller, messages, kind, tier, maxOutputTokens, pin, options, other);
        }
    }

    /** Where a streamed answer goes: told which provider answers before its first token. */
    public interface StreamSink {
        void started(String provider, String model, String reason);

        void token(String text);
    }

    /** The answer, where it came from, why, and what it cost. */
    public record Result(String text, String provider, String model, Tier tier, String reason, Usage usage, double costUsd,
                         String finishReason, List<String> attempts) {
    }

    /** No provider could answer; the message says why for each one tried. */
    public static final class NoProvider extends RuntimeException {
        private final boolean budget;

        public NoProvider(String message, boolean budget) {
            super(message);
            this.budget = budget;
        }

        /** True when budgets, not failures, stopped the call (the gateway answers 429 then). */
        public boolean budget() {
            return budget;
        }
    }

    static final String PROVIDER = "KeelProvider";
    static final String MODEL = "KeelModel";

    private final Supplier<RouterConfig> configSource;
    private volatile ModelRouter router;
    private final LazyTemplate template = new LazyTemplate();
    private final ProviderCalls calls;
    private final CostLedger ledger;
    private final ResourceGuard guard;
    private final Map<String, CircuitBreaker> circuits;
    private final Cooldowns cooldowns;
    private final Clock clock;
    private final Duration localWait;
    private final Duration maxRetryWait;
    private final Duration queueWait;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final Map<String, TokenWindow> minutes = new ConcurrentHashMap<>();
    private final Map<String, org.apache.camel.Endpoint> endpoints = new ConcurrentHashMap<>();

    /**
     * {@code config} may wait for providers.yaml to be read; {@code circuits} fills in as provider
     * routes are made. A Retry-After up to {@code maxRetryWait} is waited out and the provider tried
     * again; a longer one sends the call on to the next provider at once. A call waits up to
     * {@code queueWait} for one of the provider's max-concurrency slots.
     */
    public ModelGateway(Supplier<RouterConfig> config, ProviderCalls calls, CostLedger ledger, ResourceGuard guard,
                        Map<String, CircuitBreaker> circuits, Cooldowns cooldowns, Clock clock, Duration localWait,
                        Duration maxRetryWait, Duration queueWait) {
        this.configSource = config;
        this.calls = calls;
        this.ledger = ledger;
        this.guard = guard;
        this.circuits = circuits;
        this.cooldowns = cooldowns;
        this.clock = clock;
        this.localWait = localWait;
        this.maxRetryWait = maxRetryWait;
        this.queueWait = queueWait;
    }

    /** The ledger every attempt is recorded in. */
    public CostLedger ledger() {
        return ledger;
    }

    /** The routing decision for {@code request} in the current state, without calling anything. */
    public ModelRouter.Decision decide(Request request) {
        return router().decide(new ModelRouter.Task(request.promptText(), request.kind(), request.tier(), request.maxOutputTokens(),
                request.pin()), state());
    }

    public Result call(Exchange exchange) throws Exception {
        Request request = exchange.getMessage().getMandatoryBody(Request.class);
        ModelRouter.Decision decision = decide(request);
        if (!decision.routed()) {
            throw new NoProvider(decision.reason(), decision.budgetStop());
        }
        List<String> chain = new ArrayList<>(List.of(decision.provider().name()));
        chain.addAll(decision.fallback());
        List<String> attempts = new ArrayList<>();
        ProducerTemplate producer = template.of(exchange);
        for (String name : chain) {
            Provider provider = config().provider(name);
            String model = provider.name().equals(decision.provider().name()) ? decision.model() : provider.defaultModel();
            for (int attempt = 1; attempt <= 2; attempt++) {
                Outcome outcome = attempt(producer, provider, model, request, decision);
                if (outcome.result() != null) {
                    attempts.add(name + ": ok");
                    Result r = outcome.result();
                    return new Result(r.text(), r.provider(), r.model(), r.tier(), r.reason(), r.usage(), r.costUsd(), r.finishReason(),
                            attempts);
                }
                attempts.add(name + ": " + outcome.failure());
                if (outcome.final_()) {
                    throw new NoProvider(name + ": " + outcome.failure(), false);
                }
                if (!outcome.rateLimited() || attempt == 2) {
                    break;
                }
                Duration wait = cooldowns.remaining(name);
                if (wait.compareTo(maxRetryWait) > 0) {
                    attempts.add(name + ": asked to wait " + seconds(wait) + " s (Retry-After), longer than keel.router.retry-after-max,"
                            + " so it is not retried now");
                    break;
                }
                Thread.sleep(wait.isZero() ? backoff(attempt) : wait.toMillis() + ThreadLocalRandom.current().nextLong(50, 250));
            }
        }
        throw new NoProvider("every provider failed: " + String.join("; ", attempts), false);
    }

    /** In {@code direct:provider-<name>}, inside that provider's throttle and circuit breaker. */
    public ProviderCalls.Reply invoke(Exchange exchange) {
        Provider provider = config().provider(exchange.getMessage().getHeader(PROVIDER, String.class));
        String model = exchange.getMessage().getHeader(MODEL, String.class);
        Request request = exchange.getMessage().getBody(Request.class);
        if (request.sink() == null) {
            return calls.call(provider, model, request.messages(), request.options());
        }
        return calls.stream(provider, model, request.messages(), request.options(), request.sink()::token);
    }

    private RouterConfig config() {
        return configSource.get();
    }

    private ModelRouter router() {
        if (router == null) {
            router = new ModelRouter(config());
        }
        return router;
    }

    /** {@code final_} marks a failure no other provider may take over (a stream that already reached the caller). */
    private record Outcome(Result result, String failure, boolean rateLimited, boolean final_) {
    }

    private Outcome attempt(ProducerTemplate template, Provider provider, String model, Request request,
                            ModelRouter.Decision decision) throws InterruptedException {
        String reason = provider.name().equals(decision.provider().name()) ? decision.reason()
                : decision.reason() + " Fell back to " + provider.name() + ".";
        Semaphore slot = slot(provider);
        if (slot != null && !slot.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
            return new Outcome(null, "all " + provider.maxConcurrency() + " of its concurrent slots stayed busy for "
                    + queueWait.toSeconds() + " s", false, false);
        }
        long estimate = decision.estimatedTokens() + request.maxOutputTokens();
        TokenWindow minute = minutes.computeIfAbsent(provider.name(), n -> new TokenWindow(clock));
        if (!minute.tryReserve(estimate, provider.tpm())) {
            release(slot);
            return new Outcome(null, "used " + minute.used() + " of its " + provider.tpm() + " tokens per minute", false, false);
        }
        Admission admission = guard == null ? null : guard.admit(provider.tier(), localWait);
        long actual = 0;
        try {
            if (admission != null && !admission.granted()) {
                return new Outcome(null, admission.reason(), false, false);
            }
            Request sent = request.sink() == null ? request : request.withSink(new Started(request.sink(), provider.name(), model, reason));
            long start = clock.millis();
            Exchange done = template.send(endpoints.computeIfAbsent(provider.name(),
                    n -> template.getCamelContext().getEndpoint("direct:provider-" + n)), e -> {
                e.getMessage().setBody(sent);
                e.getMessage().setHeader(PROVIDER, provider.name());
                e.getMessage().setHeader(MODEL, model);
            });
            if (done.getException() != null) {
                return failed(done.getException(), provider, model, request, reason, clock.millis() - start);
            }
            ProviderCalls.Reply reply = done.getMessage().getBody(ProviderCalls.Reply.class);
            if (sent.sink() instanceof Started started) {
                started.ensure();
            }
            actual = reply.usage().totalInputTokens() + reply.usage().outputTokens();
            double cost = CostCalculator.cost(provider, reply.usage());
            String recorded = reply.usageEstimated() ? reason + " Usage estimated: the provider reported none." : reason;
            ledger.record(new CostLedger.Call(clock.instant(), request.caller(), provider.name(), model, provider.tier(), recorded,
                    reply.usage(), cost, provider.local(), "ok"));
            return new Outcome(new Result(reply.text(), provider.name(), model, provider.tier(), reason, reply.usage(), cost,
                    reply.finishReason(), List.of()), null, false, false);
        } finally {
            minute.settle(estimate, actual);
            if (admission != null) {
                admission.close();
            }
            release(slot);
        }
    }

    private Outcome failed(Exception exception, Provider provider, String model, Request request, String reason, long millis) {
        Throwable broken = exception;
        while (broken != null && !(broken instanceof ProviderCalls.StreamBroken)) {
            broken = broken.getCause();
        }
        if (broken instanceof ProviderCalls.StreamBroken stream) {
            // tokens reached the caller and were paid for: cost what was received, and let no other provider take over
            Usage usage = stream.partial().usage();
            ledger.record(new CostLedger.Call(clock.instant(), request.caller(), provider.name(), model, provider.tier(),
                    reason + " The stream broke; usage estimated.", usage, CostCalculator.cost(provider, usage), provider.local(), "failed"));
            return new Outcome(null, describe(stream), false, true);
        }
        String failure = describe(exception);
        boolean limited = failure.contains("429") || failure.toLowerCase(Locale.ROOT).contains("rate limit") || failure.contains("503")
                || failure.contains("529");
        ledger.record(new CostLedger.Call(clock.instant(), request.caller(), provider.name(), model, provider.tier(), reason,
                new Usage(0, 0, 0, 0, millis), 0, provider.local(), limited ? "rate-limited" : "failed"));
        return new Outcome(null, failure, limited, false);
    }

    private Semaphore slot(Provider provider) {
        return provider.maxConcurrency() <= 0 ? null
                : slots.computeIfAbsent(provider.name(), n -> new Semaphore(provider.maxConcurrency(), true));
    }

    private static void release(Semaphore slot) {
        if (slot != null) {
            slot.release();
        }
    }

    /** The router's view: recent mix, today's spend, and the providers to pass over now with the reason. */
    ModelRouter.State state() {
        Map<String, String> unavailable = new HashMap<>();
        circuits.forEach((name, circuit) -> {
            if (circuit.getState() == CircuitBreaker.State.OPEN || circuit.getState() == CircuitBreaker.State.FORCED_OPEN) {
                unavailable.put(name, name + "'s circuit is open");
            }
        });
        for (Provider p : config().providers()) {
            Duration wait = cooldowns.remaining(p.name());
            if (!wait.isZero() && !unavailable.containsKey(p.name())) {
                unavailable.put(p.name(), p.name() + " asked Keel to wait " + seconds(wait) + " s more (Retry-After)");
            }
            TokenWindow minute = minutes.get(p.name());
            if (p.tpm() > 0 && minute != null && minute.used() >= p.tpm() && !unavailable.containsKey(p.name())) {
                unavailable.put(p.name(), p.name() + " used its " + p.tpm() + " tokens for this minute");
            }
        }
        return new ModelRouter.State(ledger.recentShares(), ledger.spentToday(), unavailable,
                guard == null ? GuardLevel.OK : guard.acting());
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** Exponential backoff with full jitter: up to 1 s, then up to 2 s. */
    static long backoff(int attempt) {
        return ThreadLocalRandom.current().nextLong(250, 1000L << (attempt - 1));
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null || root.getMessage().isBlank())) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof dev.langchain4j.exception.HttpException http) {
            message = "HTTP " + http.statusCode() + " " + message;
        } else if (root instanceof dev.langchain4j.exception.RateLimitException) {
            message = "429 rate limit: " + message;
        } else if (root.getClass().getSimpleName().equals("CallNotPermittedException")) {
            message = "circuit open";
        }
        message = message.replace('\n', ' ');
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    /** Tells the caller's sink which provider answers, once, before its first token. */
    private static final class Started implements StreamSink {
        private final StreamSink sink;
        private final String provider;
        private final String model;
        private final String reason;
        private boolean told;

        Started(StreamSink sink, String provider, String model, String reason) {
            this.sink = sink;
            this.provider = provider;
            this.model = model;
            this.reason = reason;
        }

        synchronized void ensure() {
            if (!told) {
                told = true;
                sink.started(provider, model, reason);
            }
        }

        @Override
        public void started(String provider, String model, String reason) {
            ensure();
        }

        @Override
        public synchronized void token(String text) {
            ensure();
            sink.token(text);
        }
    }
}
