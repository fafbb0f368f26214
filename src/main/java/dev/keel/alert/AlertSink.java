package dev.keel.alert;

import java.util.List;
import java.util.Locale;

/**
 * Where alerts are sent. URLs that carry a token are secrets, held here by name only ({@code urlSecret},
 * {@code tokenSecret}, {@code passwordSecret}) and resolved from the secret store when a message goes out.
 */
public record AlertSink(String name, Type type, String url, String urlSecret, String tokenSecret, String host, int port,
                        String from, List<String> to, String username, String passwordSecret, boolean starttls) {

    public enum Type {
        WEBHOOK, SLACK, NTFY, EMAIL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AlertSink {
        to = to == null ? List.of() : List.copyOf(to);
    }

    public boolean http() {
        return type != Type.EMAIL;
    }
}
