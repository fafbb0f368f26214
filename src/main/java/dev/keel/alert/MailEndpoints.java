package dev.keel.alert;

import jakarta.mail.PasswordAuthentication;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.apache.camel.component.mail.MailAuthenticator;
import org.apache.camel.spi.Registry;

/**
 * camel-mail endpoints for the e-mail sinks. The password is never in the URI: each sink gets an authenticator bean that
 * reads its secret when the SMTP server asks (so a rotated password is used at once), and a JavaMail properties bean
 * (STARTTLS, auth).
 */
public final class MailEndpoints {

    private MailEndpoints() {
    }

    static String uri(AlertSink sink) {
        StringBuilder uri = new StringBuilder("smtp://").append(sink.host()).append(':').append(sink.port())
                .append("?connectionTimeout=10000&additionalJavaMailProperties=#").append(bean("alertMailProperties-", sink));
        if (sink.username() != null) {
            uri.append("&username=").append(URLEncoder.encode(sink.username(), StandardCharsets.UTF_8))
                    .append("&authenticator=#").append(bean("alertMailAuth-", sink));
        }
        return uri.toString();
    }

    /** Binds each e-mail sink's authenticator and JavaMail properties, which its endpoint URI names. */
    public static void bind(Registry registry, Map<String, AlertSink> sinks, Function<String, Optional<String>> secrets) {
        sinks.values().stream().filter(s -> s.type() == AlertSink.Type.EMAIL).forEach(sink -> {
            Properties properties = new Properties();
            properties.setProperty("mail.smtp.starttls.enable", String.valueOf(sink.starttls()));
            properties.setProperty("mail.smtp.starttls.required", String.valueOf(sink.starttls()));
            properties.setProperty("mail.smtp.auth", String.valueOf(sink.username() != null));
            properties.setProperty("mail.smtp.timeout", "10000");
            // unbind first: alerts.yaml may be reloaded, and the registry keys a bean by name and type
            registry.unbind(bean("alertMailProperties-", sink));
            registry.bind(bean("alertMailProperties-", sink), properties);
            if (sink.username() != null) {
                registry.unbind(bean("alertMailAuth-", sink));
                registry.bind(bean("alertMailAuth-", sink), new MailAuthenticator() {
                    @Override
                    public PasswordAuthentication getPasswordAuthentication() {
                        String password = sink.passwordSecret() == null ? "" : secrets.apply(sink.passwordSecret()).map(String::strip)
                                .orElseThrow(() -> new IllegalStateException("secret " + sink.passwordSecret() + " is not set"));
                        return new PasswordAuthentication(sink.username(), password);
                    }
                });
            }
        });
    }

    private static String bean(String prefix, AlertSink sink) {
        return prefix + sink.name().replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
