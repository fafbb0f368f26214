package dev.keel.content;

import dev.keel.content.safety.Review;
import dev.keel.router.ModelGateway;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One content task on its way through the content-task route, kept on the exchange. */
final class ContentJob {
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
    /** The rule that chose the first tier (ModelRouter.Decision.rule), for the routing review. */
    String rule;
    boolean showBody;
    Map<String, Object> recognised;
    boolean recognisedRejected;

    ContentJob(ContentQueue.Claimed claimed, QueuedTask queued, Instant started) {
        this.claimed = claimed;
        this.queued = queued;
        this.started = started;
    }

    ContentTask task() {
        return queued.task();
    }
}
