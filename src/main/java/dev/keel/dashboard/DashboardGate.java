package dev.keel.dashboard;

import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The first step of every dashboard route: no session, an expired one, or one whose operator's key was revoked gets the
 * login page (pages) or 401 JSON (the API); a POST without the session's CSRF token gets 403. Admitted requests carry
 * the session in the exchange property {@value #SESSION}.
 */
public final class DashboardGate {

    public static final String SESSION = "KeelDashboardSession";

    private final Sessions sessions;
    private final OperatorKeys operators;

    public DashboardGate(Sessions sessions, OperatorKeys operators) {
        this.sessions = sessions;
        this.operators = operators;
    }

    public void admit(Exchange exchange) {
        exchange.removeProperty(SESSION);
        Optional<Sessions.Session> session = sessions.find(DashboardHttp.cookie(exchange, DashboardHttp.SESSION_COOKIE));
        if (session.isPresent() && !operators.active(session.get().operator())) {
            sessions.closeAll(session.get().operator());
            session = Optional.empty();
        }
        boolean api = DashboardHttp.path(exchange).startsWith("/api/");
        if (session.isEmpty()) {
            if (api) {
                DashboardHttp.error(exchange, 401, "log in at /login with an operator key (keel operators issue NAME)");
            } else {
                DashboardHttp.redirect(exchange, "/login");
            }
            return;
        }
        if ("POST".equals(DashboardHttp.method(exchange))
                && !Sessions.csrfMatches(session.get(), exchange.getMessage().getHeader(DashboardHttp.CSRF_HEADER, String.class))) {
            DashboardHttp.error(exchange, 403, "the request has no valid CSRF token for this session; reload the page");
            return;
        }
        exchange.setProperty(SESSION, session.get());
    }

    /** The admitted session of this exchange. */
    public static Sessions.Session session(Exchange exchange) {
        return exchange.getProperty(SESSION, Sessions.Session.class);
    }
}
