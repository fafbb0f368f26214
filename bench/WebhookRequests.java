import dev.keel.web.WebhookReceiver;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Writes N distinct signed webhook requests for bench/webhooks.lua, one per line:
 * path TAB timestamp TAB signature TAB body. Each body and name differs, so none is a replay.
 * Run: java -cp target/keel.jar bench/WebhookRequests.java SECRET N OUT PREFIX
 */
public class WebhookRequests {

    public static void main(String[] args) throws Exception {
        String secret = args[0];
        int n = Integer.parseInt(args[1]);
        String ts = String.valueOf(Instant.now().getEpochSecond());
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                String name = args[3] + "-" + i + ".json";
                String body = "[{\"id\":\"" + args[3] + "-" + i + "\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"n\":" + i + "}]";
                String sig = "sha256=" + HexFormat.of().formatHex(
                        WebhookReceiver.sign(secret, ts, "data/" + name, body.getBytes(StandardCharsets.UTF_8)));
                out.write("/hooks/data?name=" + name + "\t" + ts + "\t" + sig + "\t" + body + "\n");
            }
        }
    }
}
