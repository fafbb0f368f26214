package dev.keel.router;

import dev.keel.guard.Admission;
import dev.keel.guard.ResourceGuard;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The bean behind {@code direct:model-call}: asks the ModelRouter, then tries the chosen provider and
 * its fallback chain through {@code direct:provider-<name>} (throttle and resilience4j circuit breaker
 * per provider), admits local calls through the ResourceGuard, backs off with jitter once on a rate
 * limit, and records every attempt in the cost ledger.
 */
public final class ModelGateway {

    /** What a caller asks: who it is, the messages, and optionally a kind and a tier. */
    public record Request(String caller, List<ChatMessage> messages, String kind, Tier tier, long maxOutputTokens) {
        public static Request of(String caller, String prompt) {
            return new Request(caller, List.of(UserMessage.from(prompt)), null, null, 512);
        }

        String promptText() {
            return messages.stream().map(Request::text).collect(Collectors.joining("\n"));
        }

        private static String text(ChatMessage m) {
            if (m instanceof UserMessage u && u.hasSingleText()) {
                return u.singleText();
            }
            if (m instanceof dev.langchain4j.data.message.SystemMessage s) {
                return s.text();
            }
            if (m instanceof dev.langchain4j.data.message.AiMessage a && a.text() != null) {
                return a.text();
            }
            return m.toString();
        }
    }

    /** The answer, where it came from, why, and what it cost. */
    public record Result(String text, String provider, String model, Tier tier, String reason, Usage usage, double costUsd,
                         List<String> attempts) {
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

    private final java.util.function.Supplier<RouterConfig> configSource;
    private volatile ModelRouter router;
    private volatile ProducerTemplate template;
    private final ProviderCalls calls;
    private final CostLedger ledger;
    private final ResourceGuard guard;
    private final Map<String, CircuitBreaker> circuits;
    private final Clock clock;
    private final Duration localWait;

    /** {@code config} may wait for providers.yaml to be read; {@code circuits} fills in as provider routes are made. */
    public ModelGateway(java.util.function.Supplier<RouterConfig> config, ProviderCalls calls, CostLedger ledger, ResourceGuard guard,
                        Map<String, CircuitBreaker> circuits, Clock clock, Duration localWait) {
        this.configSource = config;
        this.calls = calls;
        this.ledger = ledger;
        this.guard = guard;
        this.circuits = circuits;
        this.clock = clock;
        this.localWait = localWait;
    }

    public Result call(Exchange exchange) throws Exception {
        Request request = exchange.getMessage().getMandatoryBody(Request.class);
        ModelRouter.Decision decision = router().decide(new ModelRouter.Task(request.promptText(), request.kind(), request.tier(),
                request.maxOutputTokens()), state());
        if (!decision.routed()) {
            throw new NoProvider(decision.reason(), decision.reason().contains("daily budget"));
        }
        List<String> chain = new ArrayList<>(List.of(decision.provider().name()));
        chain.addAll(decision.fallback());
        List<String> attempts = new ArrayList<>();
        ProducerTemplate template = template(exchange);
        for (String name : chain) {
            Provider provider = config().provider(name);
            String model = provider.name().equals(decision.provider().name()) ? decision.model() : provider.defaultModel();
            for (int attempt = 1; attempt <= 2; attempt++) {
                Outcome outcome = attempt(template, provider, model, request, decision);
                if (outcome.result() != null) {
                    attempts.add(name + ": ok");
                    Result r = outcome.result();
                    return new Result(r.text(), r.provider(), r.model(), r.tier(), r.reason(), r.usage(), r.costUsd(), attempts);
                }
                attempts.add(name + ": " + outcome.failure());
                if (!outcome.rateLimited() || attempt == 2) {
                    break;
                }
                Thread.sleep(backoff(attempt));
            }
        }
        throw new NoProvider("every provider failed: " + String.join("; ", attempts), false);
    }

    /** In {@code direct:provider-<name>}, inside that provider's throttle and circuit breaker. */
    public ProviderCalls.Reply invoke(Exchange exchange) {
        Provider provider = config().provider(exchange.getMessage().getHeader(PROVIDER, String.class));
        Request request = exchange.getMessage().getBody(Request.class);
        return calls.call(provider, exchange.getMessage().getHeader(MODEL, String.class), request.messages());
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

    private record Outcome(Result result, String failure, boolean rateLimited) {
    }

    private Outcome attempt(ProducerTemplate template, Provider provider, String model, Request request,
                            ModelRouter.Decision decision) throws InterruptedException {
        Admission admission = guard == null ? null : guard.admit(provider.tier(), localWait);
        if (admission != null && !admission.granted()) {
            return new Outcome(null, admission.reason(), false);
        }
        long start = clock.millis();
        try {
            Exchange done = template.send("direct:provider-" + provider.name(), e -> {
                e.getMessage().setBody(request);
                e.getMessage().setHeader(PROVIDER, provider.name());
                e.getMessage().setHeader(MODEL, model);
            });
            String reason = provider.name().equals(decision.provider().name()) ? decision.reason()
                    : decision.reason() + " Fell back to " + provider.name() + ".";
            if (done.getException() != null) {
                String failure = describe(done.getException());
                boolean limited = failure.contains("429") || failure.toLowerCase(java.util.Locale.ROOT).contains("rate limit")
                        || failure.contains("503");
                ledger.record(new CostLedger.Call(clock.instant(), request.caller(), provider.name(), model, provider.tier(), reason,
                        new Usage(0, 0, 0, 0, clock.millis() - start), 0, provider.local(), limited ? "rate-limited" : "failed"));
                return new Outcome(null, failure, limited);
            }
            ProviderCalls.Reply reply = done.getMessage().getBody(ProviderCalls.Reply.class);
            double cost = CostCalculator.cost(provider, reply.usage());
            ledger.record(new CostLedger.Call(clock.instant(), request.caller(), provider.name(), model, provider.tier(), reason,
                    reply.usage(), cost, provider.local(), "ok"));
            return new Outcome(new Result(reply.text(), provider.name(), model, provider.tier(), reason, reply.usage(), cost,
                    List.of()), null, false);
        } finally {
            if (admission != null) {
                admission.close();
            }
        }
    }

    private ModelRouter.State state() {
        Set<String> open = circuits.entrySet().stream()
                .filter(e -> e.getValue().getState() == CircuitBreaker.State.OPEN || e.getValue().getState() == CircuitBreaker.State.FORCED_OPEN)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        return new ModelRouter.State(ledger.recentShares(200), ledger.spentToday(ZoneId.systemDefault(), clock.instant()), open,
                guard == null ? dev.keel.guard.GuardLevel.OK : guard.state().level());
    }

    /** Exponential backoff with full jitter: up to 1 s, then up to 2 s. */
    static long backoff(int attempt) {
        return ThreadLocalRandom.current().nextLong(250, 1000L << (attempt - 1));
    }

    private static String describe(Throwable e) {
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

    /** One producer template for the gateway's life: creating one per call would build a producer cache each time. */
    private ProducerTemplate template(Exchange exchange) {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = exchange.getContext().createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }
}
