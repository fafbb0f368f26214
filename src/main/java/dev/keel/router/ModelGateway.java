package dev.keel.router;

import dev.keel.ledger.CostCalculator;
import dev.keel.ledger.CostLedger;
import dev.keel.guard.ResourceGuard;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;

/**
 * The steps of {@code direct:model-call} (routes/model-gateway.camel.yaml), each one method the route
 * calls (bound as a Processor, {@code modelGateway.<method>}): {@link #plan} asks the ModelRouter,
 * {@link #admit} takes the provider's slot, TPM tokens and the ResourceGuard's admission
 * ({@link ProviderAdmission}), the route sends the request to {@code direct:provider-<name>} (throttle,
 * then {@link #invoke} in the provider's circuit breaker), {@link #failed} classifies a failure
 * by type and status ({@link FailureClassifier}), {@link #record} writes the ledger row
 * ({@link LedgerRecording}) and {@link #next} picks the retry or the next provider ({@link ChainPolicy}).
 * The call's state travels on the exchange as a {@link ModelCall}.
 */
public final class ModelGateway {

    /**
     * What a caller asks: who it is, the messages, optionally a kind, a tier or a pinned provider and
     * model, how much output to expect, generation options (tools, structured output...), where
     * streamed parts go, and providers to pass over for this call ({@code avoid}, with the reason).
     */
    public record Request(String caller, List<ChatMessage> messages, String kind, Tier tier, long maxOutputTokens,
                          ModelRouter.Pin pin, ProviderCalls.Options options, StreamSink sink, Map<String, String> avoid) {
        public Request {
            avoid = avoid == null ? Map.of() : Map.copyOf(avoid);
        }

        public Request(String caller, List<ChatMessage> messages, String kind, Tier tier, long maxOutputTokens,
                       ModelRouter.Pin pin, ProviderCalls.Options options, StreamSink sink) {
            this(caller, messages, kind, tier, maxOutputTokens, pin, options, sink, Map.of());
        }

        public Request(String caller, List<ChatMessage> messages, String kind, Tier tier, long maxOutputTokens) {
            this(caller, messages, kind, tier, maxOutputTokens, null, ProviderCalls.Options.NONE, null);
        }

        public static Request of(String caller, String prompt) {
            return new Request(caller, List.of(UserMessage.from(prompt)), null, null, 512);
        }

        String promptText() {
            return messages.stream().map(PromptText::of).collect(Collectors.joining("\n"));
        }

        public Request withSink(StreamSink other) {
            return new Request(caller, messages, kind, tier, maxOutputTokens, pin, options, other, avoid);
        }

        /** The same call with {@code provider} passed over, for {@code reason}. */
        public Request avoiding(String provider, String reason) {
            Map<String, String> more = new HashMap<>(avoid);
            more.put(provider, reason);
            return new Request(caller, messages, kind, tier, maxOutputTokens, pin, options, sink, more);
        }

        /** What a model must support to serve this call. */
        public Set<Capability> needs() {
            return Needs.of(this);
        }
    }

    /** Where a streamed answer goes: told which provider answers before its first token. */
    public interface StreamSink {
        void started(String provider, String model, String reason);

        void token(String text);

        /** A part of the model's reasoning (Kimi's reasoning_content, Anthropic thinking). */
        default void thinking(String text) {
        }

        /**
         * A fragment of tool call {@code index}'s arguments; its first fragment carries the call's
         * {@code id} and {@code name}, later ones null.
         */
        default void toolCall(int index, String id, String name, String arguments) {
        }
    }

    /** The answer, the tool calls asked for, the reasoning shown, where it came from, why, and what it cost. */
    public record Result(String text, String provider, String model, Tier tier, String reason, Usage usage, double costUsd,
                         String finishReason, List<String> attempts, List<ToolExecutionRequest> toolCalls, String thinking) {
        public Result {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        public Result(String text, String provider, String model, Tier tier, String reason, Usage usage, double costUsd,
                      String finishReason, List<String> attempts) {
            this(text, provider, model, tier, reason, usage, costUsd, finishReason, attempts, List.of(), null);
        }
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

    private final Supplier<RouterConfig> configSource;
    private volatile ModelRouter router;
    private final ProviderCalls calls;
    private final LedgerRecording recording;
    private final ProviderAdmission admission;
    private final Cooldowns cooldowns;
    private final Clock clock;
    private final Duration maxRetryWait;
    private final RouterView view;
    private final Map<String, CircuitBreaker> circuits;

    /**
     * {@code config} may wait for providers.yaml to be read; {@code circuits} fills in as provider
     * routes are made. A Retry-After up to {@code maxRetryWait} is waited out and the provider tried
     * again; a longer one sends the call on to the next provider at once. A call waits up to
     * {@code queueWait} for one of the provider's max-concurrency slots. {@code shared} holds the limits
     * the nodes of a cluster share ({@link SharedLimits#LOCAL} on one node).
     */
    public ModelGateway(Supplier<RouterConfig> config, ProviderCalls calls, CostLedger ledger, ResourceGuard guard,
                        Map<String, CircuitBreaker> circuits, Cooldowns cooldowns, Clock clock, Duration localWait,
                        Duration maxRetryWait, Duration queueWait, SharedLimits shared) {
        this.configSource = config;
        this.calls = calls;
        this.recording = new LedgerRecording(ledger, clock);
        this.admission = new ProviderAdmission(guard, clock, localWait, queueWait, shared);
        this.cooldowns = cooldowns;
        this.clock = clock;
        this.maxRetryWait = maxRetryWait;
        this.circuits = circuits;
        this.view = new RouterView(config, circuits, cooldowns, admission, recording, guard, shared);
    }

    /** Models the providers still list (the model catalog); until it has asked, every configured model counts as listed. */
    private volatile java.util.function.BiPredicate<String, String> listed = (p, m) -> true;

    /** Takes which models each provider still lists from {@code catalog} from now on. */
    public void listedBy(ModelCatalog catalog) {
        this.listed = catalog::listed;
    }

    /** The ledger every attempt is recorded in. */
    public CostLedger ledger() {
        return recording.ledger();
    }

    /** The routing decision for {@code request} in the current state, without calling anything. */
    public ModelRouter.Decision decide(Request request) {
        return router().decide(new ModelRouter.Task(request.promptText(), request.kind(), request.tier(), request.maxOutputTokens(),
                request.pin()), Needs.state(view.now(), config(), request, listed));
    }

    /** A request and the decision {@link #decide} took for it just before (the content worker decides first, to redact for a cloud call). */
    public record Decided(Request request, ModelRouter.Decision decision) {
    }

    /** Step decide: the routing decision (a {@link Decided} body's own) and the chain to try (the chosen provider, then its fallbacks). */
    public void plan(Exchange exchange) throws Exception {
        ModelCall call = exchange.getMessage().getBody() instanceof Decided d ? new ModelCall(d.request(), d.decision())
                : new ModelCall(exchange.getMessage().getMandatoryBody(Request.class), decide(exchange.getMessage().getMandatoryBody(Request.class)));
        exchange.setProperty(ModelCall.PROPERTY, call);
        exchange.setProperty(ModelCall.ROUTED, call.decision.routed());
        exchange.setProperty(ModelCall.MORE, call.more());
    }

    /** Step refuse: the policy chose no provider (budgets, or none configured for the work). */
    public void refuse(Exchange exchange) {
        ModelRouter.Decision decision = call(exchange).decision;
        throw new NoProvider(decision.reason(), decision.budgetStop());
    }

    /** Step admit: the current provider's slot, TPM tokens and the guard's admission; the request to send is the body. */
    public void admit(Exchange exchange) throws InterruptedException {
        ModelCall call = call(exchange);
        call.begin(config().provider(call.current()), listed);
        ProviderAdmission.Outcome outcome = admission.admit(call.provider, call.decision.estimatedTokens() + call.request.maxOutputTokens(),
                CostCalculator.estimate(call.provider, call.decision.estimatedTokens(), call.request.maxOutputTokens(), 0));
        call.held = outcome.held();
        call.budgetOnly &= outcome.budget();
        call.refusal = outcome.refusal();
        exchange.setProperty(ModelCall.ADMITTED, call.held != null);
        exchange.setProperty(ModelCall.ANSWERED, false);
        if (call.held == null) {
            return;
        }
        Request request = call.request;
        call.started = request.sink() == null ? null : new StartedSink(request.sink(), call.provider.name(), call.model, call.reason);
        exchange.getMessage().setBody(call.started == null ? request : request.withSink(call.started));
        exchange.setProperty(ModelCall.PROVIDER, call.provider.name());
        call.startedMillis = clock.millis();
    }

    /**
     * In {@code direct:provider-<name>}, after that provider's throttle: the call, in the provider's circuit breaker
     * (bean {@code circuit-<name>}; an open circuit throws resilience4j's CallNotPermittedException). The breaker is
     * applied here rather than by Camel's circuitBreaker EIP, which copies the exchange and opens a unit of work for
     * every call (#20: 4 % of a gateway call's route CPU) for the same outcome.
     */
    public ProviderCalls.Reply invoke(Exchange exchange) {
        ModelCall call = call(exchange);
        Request request = exchange.getMessage().getBody(Request.class);
        Supplier<ProviderCalls.Reply> send = request.sink() == null
                ? () -> calls.call(call.provider, call.model, request.messages(), request.options())
                : () -> calls.stream(call.provider, call.model, request.messages(), request.options(), request.sink());
        CircuitBreaker circuit = circuits.get(call.provider.name());
        return circuit == null ? send.get() : circuit.executeSupplier(send);
    }

    /** Step answered: the provider's reply; a stream that sent no token still tells the caller who answered. */
    public void answered(Exchange exchange) throws Exception {
        ModelCall call = call(exchange);
        call.reply = exchange.getMessage().getMandatoryBody(ProviderCalls.Reply.class);
        exchange.setProperty(ModelCall.ANSWERED, true);
        if (call.started != null) {
            call.started.ensure();
        }
    }

    /** Step classify: why the attempt failed, by exception type and HTTP status. */
    public void failed(Exchange exchange) {
        ModelCall call = call(exchange);
        call.error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        call.failure = FailureClassifier.classify(call.error);
        call.failedAfterMillis = clock.millis() - call.startedMillis;
    }

    /** Step release: slot, guard admission and tokens back, the tokens at what the provider reported. */
    public void release(Exchange exchange) {
        ModelCall call = call(exchange);
        if (call.held != null) {
            Usage usage = call.reply == null ? null : call.reply.usage();
            admission.release(call.held, usage == null ? 0 : usage.totalInputTokens() + usage.outputTokens(),
                    usage == null ? 0 : CostCalculator.cost(call.provider, usage));
            call.held = null;
        }
    }

    /** Step record: the attempt's ledger row. */
    public void record(Exchange exchange) {
        ModelCall call = call(exchange);
        if (call.reply != null) {
            call.result = recording.answered(call);
        } else if (call.failure != null) {
            recording.failed(call);
        }
    }

    /**
     * Step next: done, the same provider again after a wait, the next provider, or stop. The Retry-After or backoff
     * wait is slept here, on the caller's thread (as the delay step it replaces did: one processor less per attempt).
     */
    public void next(Exchange exchange) throws InterruptedException {
        ModelCall call = call(exchange);
        String name = call.current();
        call.attempts.add(name + ": " + call.outcome());
        long wait = 0;
        if (call.result == null) {
            ChainPolicy.Next next = ChainPolicy.afterFailure(call.failure, call.attempt, cooldowns.remaining(name), maxRetryWait,
                    ThreadLocalRandom.current().nextLong(250, ChainPolicy.backoffCeiling(call.attempt)),
                    ThreadLocalRandom.current().nextLong(50, 250));
            switch (next.action()) {
                case GIVE_UP -> call.giveUp = name + ": " + call.outcome();
                case RETRY -> {
                    call.attempt++;
                    wait = next.waitMillis();
                }
                case NEXT_PROVIDER -> {
                    if (next.note() != null) {
                        call.attempts.add(name + ": " + next.note());
                    }
                    call.index++;
                    call.attempt = 1;
                }
            }
        }
        exchange.setProperty(ModelCall.MORE, call.more());
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** Step result: the answer with every attempt, or why no provider answered. */
    public Result result(Exchange exchange) {
        ModelCall call = call(exchange);
        if (call.result != null) {
            Result r = call.result;
            return new Result(r.text(), r.provider(), r.model(), r.tier(), r.reason(), r.usage(), r.costUsd(), r.finishReason(),
                    List.copyOf(call.attempts), r.toolCalls(), r.thinking());
        }
        // every attempt refused by the cluster's daily budgets is a budget stop, as the policy's own is (429)
        throw new NoProvider(call.giveUp != null ? call.giveUp : "every provider failed: " + String.join("; ", call.attempts),
                call.budgetOnly && !call.attempts.isEmpty());
    }

    private static ModelCall call(Exchange exchange) {
        return exchange.getProperty(ModelCall.PROPERTY, ModelCall.class);
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
}
