package dev.keel.router;

import java.util.ArrayList;
import java.util.List;

/**
 * One call's way through routes/model-gateway.camel.yaml, kept on the exchange (property
 * {@value #PROPERTY}) from the decision to the result: the chain still to try, where in it the call
 * is, the current attempt and what each attempt ended in.
 */
final class ModelCall {

    static final String PROPERTY = "KeelModelCall";
    /** The loop's condition: another attempt is due. */
    static final String MORE = "KeelChainMore";
    /** The routing policy chose a provider (else the call is refused). */
    static final String ROUTED = "KeelRouted";
    /** The current attempt got its slot, tokens and the guard's admission. */
    static final String ADMITTED = "KeelAdmitted";
    /** The current attempt got a reply (else it failed and is classified). */
    static final String ANSWERED = "KeelAnswered";
    /** The provider route the current attempt goes to ({@code direct:provider-<name>}). */
    static final String PROVIDER = "KeelProvider";

    final ModelGateway.Request request;
    final ModelRouter.Decision decision;
    final List<String> chain = new ArrayList<>();
    final List<String> attempts = new ArrayList<>();
    int index;
    int attempt = 1;

    Provider provider;
    String model;
    String reason;
    ProviderAdmission.Held held;
    String refusal;
    StartedSink started;
    long startedMillis;
    ProviderCalls.Reply reply;
    FailureClassifier.Failure failure;
    Throwable error;
    long failedAfterMillis;

    /** Every attempt so far was refused by the cluster's daily budget (see {@link SharedLimits}). */
    boolean budgetOnly = true;
    ModelGateway.Result result;
    String giveUp;

    ModelCall(ModelGateway.Request request, ModelRouter.Decision decision) {
        this.request = request;
        this.decision = decision;
        if (decision.routed()) {
            chain.add(decision.provider().name());
            chain.addAll(decision.fallback());
        }
    }

    /** The provider to try now; the chosen one gets the decision's model, a fallback its default model. */
    String current() {
        return chain.get(index);
    }

    boolean more() {
        return result == null && giveUp == null && index < chain.size();
    }

    /**
     * Starts an attempt at {@code provider}: what is left of the last one is cleared. The model is the
     * decision's (the chosen provider) or the default (a fallback), unless it cannot serve the request
     * or is no longer {@code listed}; then the provider's first model that can.
     */
    void begin(Provider next, java.util.function.BiPredicate<String, String> listed) {
        boolean chosen = next.name().equals(decision.provider().name());
        provider = next;
        model = Needs.model(next, chosen ? decision.model() : next.defaultModel(), request, listed);
        reason = chosen ? decision.reason() : decision.reason() + " Fell back to " + next.name() + ".";
        held = null;
        refusal = null;
        reply = null;
        failure = null;
        error = null;
        started = null;
    }

    /** The current attempt's outcome as the caller reads it in {@link ModelGateway.Result#attempts()}. */
    String outcome() {
        if (reply != null) {
            return "ok";
        }
        return refusal != null ? refusal : failure.description();
    }
}
