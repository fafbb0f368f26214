package dev.keel.router;

import dev.keel.ledger.CostCalculator;
import dev.keel.ledger.CostLedger;
import java.time.Clock;
import java.util.List;

/**
 * The cost ledger's row for each attempt of a model call: an answer with its usage and cost, a stream
 * that broke after it reached the caller with what was received, a failure with its duration.
 */
final class LedgerRecording {

    private final CostLedger ledger;
    private final Clock clock;

    LedgerRecording(CostLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    CostLedger ledger() {
        return ledger;
    }

    /** Records an answer and returns it as the call's result (its attempt list is filled in at the end). */
    ModelGateway.Result answered(ModelCall call) {
        Provider provider = call.provider;
        ProviderCalls.Reply reply = call.reply;
        double cost = CostCalculator.cost(provider, reply.usage());
        String recorded = reply.usageEstimated() ? call.reason + " Usage estimated: the provider reported none." : call.reason;
        ledger.record(new CostLedger.Call(clock.instant(), call.request.caller(), provider.name(), call.model, provider.tier(), recorded,
                reply.usage(), cost, provider.local(), "ok", reply.toolCalls().size()));
        return new ModelGateway.Result(reply.text(), provider.name(), call.model, provider.tier(), call.reason, reply.usage(), cost,
                reply.finishReason(), List.of(), reply.toolCalls(), reply.thinking());
    }

    /** Records a failed attempt: a broken stream at what it received (tokens paid for), any other failure at no cost. */
    void failed(ModelCall call) {
        Provider provider = call.provider;
        if (call.failure.final_()) {
            Usage usage = find(call.error).partial().usage();
            ledger.record(new CostLedger.Call(clock.instant(), call.request.caller(), provider.name(), call.model, provider.tier(),
                    call.reason + " The stream broke; usage estimated.", usage, CostCalculator.cost(provider, usage), provider.local(),
                    "failed"));
            return;
        }
        ledger.record(new CostLedger.Call(clock.instant(), call.request.caller(), provider.name(), call.model, provider.tier(), call.reason,
                new Usage(0, 0, 0, 0, call.failedAfterMillis), 0, provider.local(), call.failure.rateLimited() ? "rate-limited" : "failed"));
    }

    private static ProviderCalls.StreamBroken find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ProviderCalls.StreamBroken broken) {
                return broken;
            }
        }
        throw new IllegalStateException("a stream failure without StreamBroken", error);
    }
}
