package dev.keel.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.secrets.OutputScanner;
import dev.keel.secrets.Secret;
import dev.keel.secrets.SecretMasker;
import dev.keel.secrets.SecretException;
import dev.keel.secrets.SecretStore;
import dev.keel.storage.AtomicFiles;
import dev.keel.storage.StorageLayout;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/{workflow}?name=<file>}: authenticates like GitHub's webhooks (an HMAC-SHA256 of
 * {@code <timestamp>.<workflow>/<name>.<body>} with the source's secret, a timestamp window and a replay cache) and
 * writes the body atomically into that workflow's inbox, so HTTP and files share one path. Answers
 * 202 with a task id and its status URL.
 */
public final class WebhookReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9._\\-]{0,199}");

    private final Inboxes inboxes;
    private final StorageLayout layout;
    private final SecretStore secrets;
    private final List<String> sources;
    private final long maxBody;
    private final Duration window;
    private final Duration overlap;
    private final Clock clock;
    private final TaskTokens tokens;
    private final ReplayCache seen;

    /** {@code seen}: the accepted signatures, in the database so every node and every restart refuses a replay. */
    public WebhookReceiver(Inboxes inboxes, StorageLayout layout, SecretStore secrets, List<String> sources, long maxBody,
                           Duration window, Duration overlap, Clock clock, TaskTokens tokens, ReplayCache seen) {
        this.seen = seen;
        this.inboxes = inboxes;
        this.layout = layout;
        this.secrets = secrets;
        this.sources = List.copyOf(sources);
        this.maxBody = maxBody;
        this.window = window;
        this.overlap = overlap;
        this.clock = clock;
        this.tokens = tokens;
        for (String source : this.sources) {
            // loaded now, so a rotation before the first webhook still keeps the old value for the overlap
            try {
                if (secrets.get(secretName(source)).isEmpty()) {
                    LOG.warn("Webhook source {} has no secret {}: its webhooks will be refused", source, secretName(source));
                }
            } catch (SecretException e) {
                LOG.error("Webhook source {} cannot be used: {}", source, e.getMessage());
            }
        }
    }

    /** The secret a source signs with. */
    public static String secretName(String source) {
        return "webhook-" + source;
    }

    public void receive(Exchange exchange) {
        var in = exchange.getMessage();
        String workflow = in.getHeader("workflow", String.class);
        String source = in.getHeader("X-Keel-Source", String.class);
        String timestamp = in.getHeader("X-Keel-Timestamp", String.class);
        String signature = in.getHeader("X-Keel-Signature-256", String.class);
        String name = in.getHeader("name", String.class);
        String type = in.getHeader(Exchange.CONTENT_TYPE, "", String.class).toLowerCase(java.util.Locale.ROOT);
        byte[] body = in.getBody(byte[].class);
        Http.clear(exchange);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            // the server parses such bodies into fields, so the signed bytes would be gone
            Http.error(exchange, 415, "send the body as it is (application/json, text/*, application/octet-stream),"
                    + " not as a form");
            return;
        }
        if (body != null && body.length > maxBody) {
            Http.error(exchange, 413, "body is " + body.length + " bytes, over the limit of " + maxBody);
            return;
        }
        Optional<String> refused = authenticate(source, timestamp, signature, workflow + "/" + name,
                body == null ? new byte[0] : body);
        if (refused.isPresent()) {
            LOG.warn("webhook refused ({}): {}", workflow, refused.get());
            Http.error(exchange, 401, refused.get());
            return;
        }
        Optional<Inboxes.Inbox> inbox = inboxes.find(workflow);
        if (inbox.isEmpty()) {
            Http.error(exchange, 404, "no workflow '" + workflow + "'; these take webhooks: " + inboxes.names());
            return;
        }
        if (name == null || name.isBlank()) {
            Http.error(exchange, 400, "name the file with ?name=<file name>, e.g. ?name=records.json");
            return;
        }
        if (!OutputScanner.scan(name).isEmpty() || !SecretMasker.mask(name).equals(name)) {
            Http.error(exchange, 400, "the name looks like it contains a secret; name the file something else");
            return;
        }
        if (!SAFE_NAME.matcher(name).matches() || name.contains("..")) {
            Http.error(exchange, 400, "the name '" + name + "' is not a plain file name inside the inbox");
            return;
        }
        if (!inbox.get().accepts(name)) {
            Http.error(exchange, 400, "the " + workflow + " inbox takes names matching " + inbox.get().accept());
            return;
        }
        if (body == null || body.length == 0) {
            Http.error(exchange, 400, "the body is empty");
            return;
        }
        String task = Tasks.newId(clock);
        AtomicFiles.write(layout.inbox(workflow).resolve(Tasks.fileName(task, name)), body);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("task", task);
        answer.put("workflow", workflow);
        answer.put("status", "queued");
        answer.put("status_url", tokens.statusUrl(task));
        Http.json(exchange, 202, answer);
    }

    /**
     * The checks that need only the headers (source known, timestamp in the window, a signature present), so an
     * unsigned or stale post is refused before its body is read; logged like every refusal.
     */
    public Optional<String> refuseBeforeTheBody(String workflow, String source, String timestamp, String signature) {
        Optional<String> refused = headers(source, timestamp, signature);
        refused.ifPresent(reason -> LOG.warn("webhook refused before its body ({}): {}", workflow, reason));
        return refused;
    }

    private Optional<String> headers(String source, String timestamp, String signature) {
        if (source == null || !sources.contains(source)) {
            return Optional.of(source == null ? "missing X-Keel-Source" : "unknown source '" + source + "'");
        }
        if (timestamp == null || signature == null) {
            return Optional.of("missing " + (timestamp == null ? "X-Keel-Timestamp" : "X-Keel-Signature-256"));
        }
        Instant at;
        try {
            at = Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
        } catch (NumberFormatException e) {
            return Optional.of("X-Keel-Timestamp is not seconds since the epoch");
        }
        Instant now = clock.instant();
        if (at.isBefore(now.minus(window)) || at.isAfter(now.plus(window))) {
            return Optional.of("X-Keel-Timestamp is outside the " + window.toSeconds() + " s window (expired or clock skew)");
        }
        if (!signature.startsWith("sha256=")) {
            return Optional.of("X-Keel-Signature-256 must be sha256=<hex>");
        }
        return Optional.empty();
    }

    private Optional<String> authenticate(String source, String timestamp, String signature, String target, byte[] body) {
        Optional<String> refused = headers(source, timestamp, signature);
        if (refused.isPresent()) {
            return refused;
        }
        Instant at = Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring("sha256=".length()).trim());
        } catch (IllegalArgumentException e) {
            return Optional.of("X-Keel-Signature-256 is not hex");
        }
        List<Secret> keys;
        try {
            keys = secrets.accepted(secretName(source), overlap);
        } catch (SecretException e) {
            LOG.error("Webhook source {} cannot be used: {}", source, e.getMessage());
            return Optional.of("source '" + source + "' has an unusable secret; see Keel's log");
        }
        if (keys.isEmpty()) {
            return Optional.of("source '" + source + "' has no secret " + secretName(source) + " configured");
        }
        boolean valid = false;
        for (Secret key : keys) {
            valid |= MessageDigest.isEqual(given, sign(key.reveal(), timestamp.trim(), target, body));
        }
        if (!valid) {
            return Optional.of("signature does not match");
        }
        String replayKey = source + ":" + HexFormat.of().formatHex(given);
        if (!seen.firstTime(replayKey, at.plus(window.multipliedBy(2)))) {
            return Optional.of("replayed: this signature was already accepted");
        }
        return Optional.empty();
    }

    /**
     * HMAC-SHA256 of {@code <timestamp>.<workflow>/<name>.<body>}: what a sender computes (see README).
     * Signing the target too means a captured request cannot be replayed into another inbox or name.
     */
    public static byte[] sign(String secret, String timestamp, String target, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + "." + target + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectMapper json() {
        return Json.MAPPER;
    }

    /** Built on first use, not at start-up. */
    private static final class Json {
        static final ObjectMapper MAPPER = dev.keel.storage.InputMappers.json();
    }
}
