package dev.keel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.keel.guard.GuardLevel;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The e-mail sink through camel-mail against an in-process SMTP server (GreenMail) that requires a login. */
class AlertMailTest {

    @TempDir
    Path home;

    @Test
    void aFiringAlertAndItsResolveArriveAsMailsFromTheSinksLogin() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.getManagers().getSmtpManager();
        smtp.start();
        smtp.setUser("keel@example.org", "keel", "smtp-pa55-for-tests");
        int port = smtp.getSmtp().getPort();
        String yaml = """
                sinks:
                  oncall: {type: email, host: 127.0.0.1, port: %d, from: keel@example.org, to: [ops@example.org], username: keel,
                           password-secret: smtp-password, starttls: false}
                default-sinks: [oncall]
                """.formatted(port);
        try (AlertHarness h = new AlertHarness(home, yaml, AlertsRouteTest.T0, AlertsRouteTest.state(GuardLevel.OK, 0), 8)) {
            h.secrets.put("smtp-password", "smtp-pa55-for-tests");
            h.snapshot.set(AlertsRouteTest.state(GuardLevel.OK, 8.5));
            h.tickAt(AlertsRouteTest.T0);
            h.snapshot.set(AlertsRouteTest.state(GuardLevel.OK, 0));
            h.tickAt(AlertsRouteTest.T0.plusSeconds(5));

            MimeMessage[] mails = smtp.getReceivedMessages();
            assertThat(mails).hasSize(2);
            assertThat(mails[0].getSubject()).isEqualTo("[Keel] FIRING warning budget-80 (kimi)");
            assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("ops@example.org");
            assertThat(mails[0].getFrom()[0].toString()).isEqualTo("keel@example.org");
            assertThat(mails[0].getContent().toString()).contains("kimi has spent $8.50 of its $10.00 daily budget", "rule: budget-80");
            assertThat(mails[1].getSubject()).isEqualTo("[Keel] RESOLVED warning budget-80 (kimi)");
            assertThat(h.alertsMd()).contains("None: every message was delivered").doesNotContain("smtp-pa55");
        } finally {
            smtp.stop();
        }
    }
}
