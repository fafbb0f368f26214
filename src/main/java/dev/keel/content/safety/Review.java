package dev.keel.content.safety;

import java.util.List;

/**
 * The safety policy's verdict on one text: what to send or publish, the actions taken (lines for the
 * output header and the batch report), why it was refused ({@code null} when it was not), and the
 * redaction to hand to {@link SafetyPolicy#outputReview} with the model's answer.
 */
public record Review(String text, List<String> actions, String refusal, Redaction redaction) {

    public Review {
        actions = List.copyOf(actions);
    }

    public boolean refused() {
        return refusal != null;
    }
}
