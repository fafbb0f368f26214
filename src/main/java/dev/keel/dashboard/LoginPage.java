package dev.keel.dashboard;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /login} and {@code /logout}. The login form carries a random token that must match a cookie set with the form
 * (so another site cannot log a browser in under its own key); a key that opens nothing gets the same answer whatever
 * was wrong with it, and the key itself is never logged.
 */
public final class LoginPage {

    private static final Logger LOG = LoggerFactory.getLogger(LoginPage.class);
    private static final Duration FORM_LIFE = Duration.ofMinutes(30);

    private final Sessions sessions;
    private final OperatorKeys operators;

    public LoginPage(Sessions sessions, OperatorKeys operators) {
        this.sessions = sessions;
        this.operators = operators;
    }

    public void handle(Exchange exchange) {
        if ("POST".equals(DashboardHttp.method(exchange))) {
            login(exchange);
        } else {
            form(exchange, 200, null);
        }
    }

    private void form(Exchange exchange, int status, String problem) {
        String token = Sessions.token();
        boolean tls = DashboardHttp.tls(exchange);
        DashboardHttp.html(exchange, status, """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Keel · log in</title>
                <link rel="stylesheet" href="/assets/dashboard.css"></head>
                <body class="login"><main>
                <h1>Keel</h1>
                <form method="post" action="/login" id="login">
                <label for="key">Operator key</label>
                <input type="password" id="key" name="key" autocomplete="current-password" required autofocus>
                <input type="hidden" name="form" value="%s">
                <button type="submit" id="login-button">Log in</button>
                %s
                <p class="hint">Get a key with <code>keel operators issue NAME</code>; it is in Keel's secrets folder.</p>
                </form></main></body></html>
                """.formatted(token, problem == null ? "" : "<p class=\"problem\" id=\"problem\">" + DashboardHttp.escape(problem) + "</p>"));
        exchange.getMessage().setHeader("Set-Cookie", DashboardHttp.setCookie(DashboardHttp.LOGIN_COOKIE, token, FORM_LIFE, tls));
    }

    private void login(Exchange exchange) {
        Map<String, String> fields = fields(exchange);
        String expected = DashboardHttp.cookie(exchange, DashboardHttp.LOGIN_COOKIE);
        String presented = fields.get("form");
        if (expected == null || presented == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8))) {
            form(exchange, 403, "The login form expired or did not come from this page; log in again.");
            return;
        }
        Optional<String> operator = operators.operatorFor(fields.get("key"));
        if (operator.isEmpty()) {
            LOG.warn("Dashboard login refused: the key is no operator's");
            form(exchange, 401, "That key is not an operator key.");
            return;
        }
        Sessions.Session session = sessions.open(operator.get());
        LOG.info("Dashboard: operator {} logged in", operator.get());
        DashboardHttp.redirect(exchange, "/");
        exchange.getMessage().setHeader("Set-Cookie", DashboardHttp.setCookie(DashboardHttp.SESSION_COOKIE, session.id(), sessions.ttl(),
                DashboardHttp.tls(exchange)));
    }

    /** Logs the admitted session out (a POST through the gate, so it needs the CSRF token too). */
    public void logout(Exchange exchange) {
        Sessions.Session session = DashboardGate.session(exchange);
        sessions.close(session.id());
        DashboardHttp.redirect(exchange, "/login");
        exchange.getMessage().setHeader("Set-Cookie", DashboardHttp.setCookie(DashboardHttp.SESSION_COOKIE, "", Duration.ZERO,
                DashboardHttp.tls(exchange)));
    }

    /** The form's fields, from the body (platform-http may have moved them into headers instead). */
    private static Map<String, String> fields(Exchange exchange) {
        Map<String, String> fields = DashboardHttp.form(exchange.getMessage().getBody(String.class));
        for (String name : new String[] {"key", "form"}) {
            if (!fields.containsKey(name)) {
                Object header = exchange.getMessage().getHeader(name);
                if (header != null) {
                    fields.put(name, header.toString());
                }
            }
        }
        return fields;
    }
}
