package dev.keel.router;

import dev.keel.ledger.CostCalculator;
import dev.keel.guard.GuardLevel;
import dev.keel.router.classify.ContentClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The routing policy (seed role O01), pure: {@code decide(task, state)} picks tier, provider and
 * model from the task's pin, tier, kind or else its content (the {@link ContentClassifier}), then applies the mix governor, daily budgets,
 * open circuits and the ResourceGuard, and says why in a sentence a person can read.
 */
public final class ModelRouter {

    /**
     * What is to be done: the prompt, an optional kind and tier, how much output to expect, and
     * optionally a provider and model the caller pinned (then there is no fallback).
     */
    public record Task(String prompt, String kind, Tier tier, long expectedOutputTokens, Pin pin) {
        public Task(String prompt, String kind, Tier tier, long expectedOutputTokens) {
            this(prompt, kind, tier, expectedOutputTokens, null);
        }

        public static Task of(String prompt) {
            return new Task(prompt, null, null, 512);
        }
    }

    /** A provider and one of its models, named by the caller. */
    public record Pin(String provider, String model) {
    }

    /**
     * What the router knows of the world: tier shares of recent calls (percent), spend today, the
     * providers it must pass over now with the reason (open circuit, Retry-After cool-down, tokens
     * per minute used up), and the guard.
     */
    public record State(Map<Tier, Double> shares, Map<String, Double> spentTodayUsd, Map<String, String> unavailable,
                        GuardLevel guard) {
        public static State quiet() {
            return new State(Map.of(), Map.of(), Map.of(), GuardLevel.OK);
        }
    }

    /**
     * The decision: routed to a provider and model with a fallback chain, or refused; always with the
     * reason. {@code budgetStop} says a refusal came from daily budgets, not from unavailable providers.
     * {@code rule} names what chose the tier (pin, tier, kind:&lt;kind&gt;, context-window or a routing.yaml
     * rule id), so outcomes can be reviewed per rule.
     */
    public record Decision(boolean routed, Tier tier, Provider provider, String model, List<String> fallback,
                           long estimatedTokens, double estimatedCostUsd, String reason, boolean budgetStop, String rule) {
    }

    /** The tier the task's own markers or content point to, and the rule that chose it. */
    private record Classified(Tier tier, String rule) {
    }

    /** Estimated local generation time per output token (40 tokens/s), for the cost estimate of a local call. */
    private static final long MILLIS_PER_LOCAL_TOKEN = 25;

    private final RouterConfig config;
    private final ContentClassifier classifier;

    public ModelRouter(RouterConfig config) {
        this.config = config;
        this.classifier = new ContentClassifier(config.rules());
    }

    public Decision decide(Task task, State state) {
        long tokens = Tokens.estimate(task.prompt());
        List<String> why = new ArrayList<>();
        if (task.pin() != null) {
            return pinned(task, tokens, state, why, config);
        }
        boolean demanded = task.tier() != null;
        Classified classified = demanded ? new Classified(task.tier(), "tier") : classify(task, tokens, why);
        String rule = classified.rule();
        Tier tier = classified.tier();
        if (demanded) {
            why.add("the task asks for the " + name(tier) + " tier");
        }
        if (!demanded) {
            tier = governMix(tier, state, why);
        }
        if (tier == Tier.LOCAL && state.guard() == GuardLevel.CRITICAL) {
            if (demanded) {
                return refuse(tier, tokens, why, "the host is CRITICAL and the task asks for local work; it waits", rule);
            }
            why.add("the host is CRITICAL, so local work goes to the reasoning tier");
            tier = Tier.REASONING;
        }
        boolean wentUp = false;
        while (true) {
            Optional<Provider> provider = pick(tier, tokens, task.expectedOutputTokens(), state, why);
            if (provider.isPresent()) {
                Provider p = provider.get();
                double cost = estimate(p, tokens, task.expectedOutputTokens());
                return new Decision(true, tier, p, p.defaultModel(), fallbackAfter(p, tokens, task, state), tokens, cost,
                        capitalise(String.join("; ", why)) + ".", false, rule);
            }
            if (tier == Tier.LOCAL && !demanded && !wentUp) {
                why.add("so local work goes to the reasoning tier");
                tier = Tier.REASONING;
                wentUp = true;
                continue;
            }
            if (demanded || tier == Tier.LOCAL || wentUp) {
                return refuse(tier, tokens, why, "no " + name(tier) + " provider is available", rule);
            }
            why.add("so it steps down to the " + name(lower(tier)) + " tier");
            tier = lower(tier);
        }
    }

    private Classified classify(Task task, long tokens, List<String> why) {
        String kind = task.kind() == null ? "" : task.kind().toLowerCase(Locale.ROOT);
        if (config.criticalKinds().contains(kind)) {
            why.add("a '" + kind + "' task is critical work");
            return new Classified(Tier.CRITICAL, "kind:" + kind);
        }
        if (config.reasoningKinds().contains(kind)) {
            why.add("a '" + kind + "' task needs reasoning");
            return new Classified(Tier.REASONING, "kind:" + kind);
        }
        ContentClassifier.Verdict verdict = classifier.classify(task.prompt(), tokens);
        int window = config.providers().stream().filter(p -> p.tier() == Tier.LOCAL && p.enabled())
                .mapToInt(Provider::contextWindow).max().orElse(0);
        if (verdict.tier() == Tier.LOCAL && tokens + task.expectedOutputTokens() > window) {
            why.add("about " + tokens + " prompt tokens do not fit the local context window of " + window);
            return new Classified(Tier.REASONING, "context-window");
        }
        why.add(kind.isEmpty() ? verdict.reason() : "a '" + kind + "' task: " + verdict.reason());
        return new Classified(verdict.tier(), verdict.rule());
    }

    /** Steps work that did not demand its tier down while that tier is over its target share. */
    private Tier governMix(Tier tier, State state, List<String> why) {
        Tier current = tier;
        while (current != Tier.LOCAL) {
            double share = state.shares().getOrDefault(current, 0.0);
            double target = config.targetMix().getOrDefault(current, 0.0);
            if (share <= target + config.mixTolerance()) {
                break;
            }
            why.add(String.format(Locale.ROOT, "the %s tier has %.0f%% of recent calls against a %.0f%% target, so this"
                    + " task steps down", name(current), share, target));
            current = lower(current);
        }
        return current;
    }

    private Optional<Provider> pick(Tier tier, long tokens, long output, State state, List<String> why) {
        for (String name : config.fallback()) {
            Provider p = config.provider(name);
            if (p == null || p.tier() != tier || !p.enabled()) {
                continue;
            }
            if (state.unavailable().containsKey(p.name())) {
                why.add(state.unavailable().get(p.name()));
                continue;
            }
            if (overBudget(p, estimate(p, tokens, output), state)) {
                why.add(budgetNote(p, state));
                continue;
            }
            if (tier != Tier.LOCAL || p.contextWindow() >= tokens + output) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private List<String> fallbackAfter(Provider chosen, long tokens, Task task, State state) {
        List<String> chain = new ArrayList<>();
        boolean after = false;
        for (String name : config.fallback()) {
            Provider p = config.provider(name);
            if (p == null) {
                continue;
            }
            if (p.name().equals(chosen.name())) {
                after = true;
                continue;
            }
            boolean localAllowed = !p.local() || (state.guard() != GuardLevel.CRITICAL && p.contextWindow() >= tokens + task.expectedOutputTokens());
            if (after && p.enabled() && !state.unavailable().containsKey(p.name()) && localAllowed
                    && !overBudget(p, estimate(p, tokens, task.expectedOutputTokens()), state)) {
                chain.add(p.name());
            }
        }
        return chain;
    }

    /** A pinned provider and model: used as named or refused with the reason, never replaced by another. */
    private static Decision pinned(Task task, long tokens, State state, List<String> why, RouterConfig config) {
        Provider p = config.provider(task.pin().provider());
        why.add("the caller pinned " + p.name() + "/" + task.pin().model() + ", so there is no fallback");
        if (!p.enabled()) {
            return refuse(p.tier(), tokens, why, p.name() + " is disabled", "pin");
        }
        if (state.unavailable().containsKey(p.name())) {
            return refuse(p.tier(), tokens, why, state.unavailable().get(p.name()), "pin");
        }
        if (overBudget(p, estimate(p, tokens, task.expectedOutputTokens()), state)) {
            why.add(budgetNote(p, state));
            return new Decision(false, p.tier(), null, null, List.of(), tokens, 0, capitalise(String.join("; ", why)) + ".", true, "pin");
        }
        if (p.local() && state.guard() == GuardLevel.CRITICAL) {
            return refuse(p.tier(), tokens, why, "the host is CRITICAL and the call must stay local; it waits", "pin");
        }
        if (tokens + task.expectedOutputTokens() > p.contextWindow()) {
            return refuse(p.tier(), tokens, why, "about " + tokens + " prompt tokens do not fit " + p.name() + "'s context window of "
                    + p.contextWindow(), "pin");
        }
        return new Decision(true, p.tier(), p, task.pin().model(), List.of(), tokens, estimate(p, tokens, task.expectedOutputTokens()),
                capitalise(String.join("; ", why)) + ".", false, "pin");
    }

    private static String budgetNote(Provider p, State state) {
        return p.name() + " has spent " + dev.keel.ledger.Money.usd(state.spentTodayUsd().getOrDefault(p.name(), 0.0)) + " of its "
                + dev.keel.ledger.Money.usd(p.dailyBudgetUsd()) + " daily budget";
    }

    private static boolean overBudget(Provider p, double estimate, State state) {
        return p.dailyBudgetUsd() > 0 && state.spentTodayUsd().getOrDefault(p.name(), 0.0) + estimate > p.dailyBudgetUsd();
    }

    private static double estimate(Provider p, long tokens, long output) {
        return CostCalculator.estimate(p, tokens, output, output * MILLIS_PER_LOCAL_TOKEN);
    }

    private static Decision refuse(Tier tier, long tokens, List<String> why, String last, String rule) {
        boolean budget = why.stream().anyMatch(w -> w.contains("daily budget"));
        why.add(last);
        return new Decision(false, tier, null, null, List.of(), tokens, 0, capitalise(String.join("; ", why)) + ".", budget, rule);
    }

    private static Tier lower(Tier tier) {
        return tier == Tier.CRITICAL ? Tier.REASONING : Tier.LOCAL;
    }

    private static String name(Tier tier) {
        return tier.name().toLowerCase(Locale.ROOT);
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
