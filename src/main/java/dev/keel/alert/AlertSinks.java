package dev.keel.alert;

import dev.keel.secrets.SecretMasker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts route's delivery steps: {@link #prepare} turns a due delivery into the message its sink's Camel endpoint sends
 * (the URL travels in the CamelHttpUri header, so no endpoint URI, log line or JMX name holds it), {@link #settle} reads the
 * answer, {@link #failed} schedules the retry with exponential backoff or gives up. Every failure is a row, a counter
 * ({@code keel_alert_delivery_failures_total{sink}}) and a line in ALERTS.md; none carries a URL or token.
 */
public final class AlertSinks {

    public static final String DELIVERY = "keelAlertDelivery";
    public static final String SINK_TYPE = "KeelAlertSinkType";
    public static final String MAIL_ENDPOINT = "KeelAlertMailEndpoint";

    private static final Logger LOG = LoggerFactory.getLogger(AlertSinks.class);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final Supplier<AlertRulesFile> rules;
    private final Function<String, Optional<String>> secrets;
    private final AlertStore store;
    private final Duration retryDelay;
    private final int maxAttempts;
    private final MeterRegistry meters;
    private final Clock clock;

    public AlertSinks(Supplier<AlertRulesFile> rules, Function<String, Optional<String>> secrets, AlertStore store, Duration retryDelay,
                      int maxAttempts, MeterRegistry meters, Clock clock) {
        this.rules = rules;
        this.secrets = secrets;
        this.store = store;
        this.retryDelay = retryDelay;
        this.maxAttempts = maxAttempts;
        this.meters = meters;
        this.clock = clock;
    }

    /** Replaces the exchange's headers with exactly what the sink must receive. */
    public void prepare(Exchange exchange) {
        AlertDelivery delivery = exchange.getIn().getBody(AlertDelivery.class);
        exchange.setProperty(DELIVERY, delivery);
        AlertSink sink = rules.get().sinks().get(delivery.sink());
        if (sink == null) {
            throw new IllegalStateException("sink " + delivery.sink() + " is no longer in alerts.yaml");
        }
        SinkMessages.Message message = SinkMessages.of(sink.type(), delivery.event(), delivery.alert());
        Message in = exchange.getIn();
        in.removeHeaders("*");
        message.headers().forEach(in::setHeader);
        in.setBody(message.body());
        in.setHeader(SINK_TYPE, sink.type().label());
        if (sink.type() == AlertSink.Type.EMAIL) {
            in.setHeader("From", sink.from());
            in.setHeader("To", String.join(",", sink.to()));
            in.setHeader("Content-Type", "text/plain; charset=UTF-8");
            in.setHeader(MAIL_ENDPOINT, MailEndpoints.uri(sink));
            return;
        }
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.HTTP_URI, url(sink));
        if (sink.tokenSecret() != null) {
            in.setHeader("Authorization", "Bearer " + secret(sink.tokenSecret()));
        }
    }

    /** After the endpoint answered: 2xx (or a sent e-mail) is delivered, any other status is a failed attempt. */
    public void settle(Exchange exchange) {
        AlertDelivery delivery = exchange.getProperty(DELIVERY, AlertDelivery.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && (status < 200 || status > 299)) {
            attemptFailed(delivery, "HTTP " + status + " from sink " + delivery.sink());
            return;
        }
        store.sent(delivery.id(), clock.instant());
        meters.counter("keel.alert.deliveries", "sink", delivery.sink(), "outcome", "sent").increment();
    }

    /** The send threw: recorded with the error's type and message, the sink's URL and secrets masked out. */
    public void failed(Exchange exchange) {
        AlertDelivery delivery = exchange.getProperty(DELIVERY, AlertDelivery.class);
        if (delivery == null) {
            delivery = exchange.getIn().getBody(AlertDelivery.class);
        }
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String message = error == null ? "failed" : error.getClass().getSimpleName() + ": " + error.getMessage();
        AlertSink sink = rules.get().sinks().get(delivery.sink());
        if (sink != null && sink.http()) {
            try {
                message = message.replace(url(sink), "<" + delivery.sink() + " url>");
            } catch (RuntimeException noUrl) {
                // the secret is not set: nothing of it can be in the message
            }
        }
        attemptFailed(delivery, SecretMasker.mask(message));
    }

    private void attemptFailed(AlertDelivery delivery, String error) {
        Instant now = clock.instant();
        int attempts = delivery.attempts() + 1;
        Instant retryAt = attempts >= maxAttempts ? null : now.plus(backoff(retryDelay, attempts));
        store.failed(delivery.id(), error, retryAt, now);
        if (retryAt == null) {
            LOG.error("Alert {} to sink {} given up after {} attempts: {}", delivery.event().label(), delivery.sink(), attempts, error);
        } else {
            LOG.warn("Alert {} to sink {} failed (attempt {}), next try at {}: {}", delivery.event().label(), delivery.sink(), attempts,
                    retryAt, error);
        }
        meters.counter("keel.alert.delivery.failures", "sink", delivery.sink()).increment();
    }

    /** retry-delay, then twice that, four times... at most an hour. */
    static Duration backoff(Duration first, int attempts) {
        Duration wait = first;
        for (int i = 1; i < attempts && wait.compareTo(MAX_BACKOFF) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private String url(AlertSink sink) {
        return sink.url() != null ? sink.url() : secret(sink.urlSecret());
    }

    private String secret(String name) {
        return secrets.apply(name).map(String::strip).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new IllegalStateException("secret " + name + " is not set (file secrets/" + name + " or its variable)"));
    }
}
