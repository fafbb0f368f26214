package dev.keel.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's HTTP rules as plain functions: escaping, cookies, forms, CSV cells. */
class DashboardHttpRulesTest {

    @Test
    void escapingLeavesNoMarkupAndNoWayOutOfAnAttribute() {
        assertThat(DashboardHttp.escape("<img src=x onerror=\"alert('x')\">&")).isEqualTo(
                "&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;");
        assertThat(DashboardHttp.escape(null)).isEmpty();
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndSecureOnlyOverTls() {
        assertThat(DashboardHttp.setCookie("keel_session", "abc", Duration.ofHours(8), false))
                .isEqualTo("keel_session=abc; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict");
        assertThat(DashboardHttp.setCookie("keel_session", "abc", Duration.ofHours(8), true)).endsWith("; Secure");
    }

    @Test
    void formsDecodeAndIgnoreMalformedEscapes() {
        assertThat(DashboardHttp.form("key=a%2Bb%3D&form=t&bad=%zz&flag")).isEqualTo(Map.of("key", "a+b=", "form", "t", "flag", ""));
    }

    @Test
    void csvCellsAreQuotedAndFormulasDefused() {
        assertThat(Csv.cell("plain")).isEqualTo("plain");
        assertThat(Csv.cell("a,b \"c\"")).isEqualTo("\"a,b \"\"c\"\"\"");
        assertThat(Csv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Csv.cell("-1")).isEqualTo("'-1");
    }

    @Test
    void filtersRefuseABadDayWithAClearReason() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CallFilter.of(Map.of("day", "yesterday")))
                .hasMessage("day 'yesterday' is not a date like 2026-12-01");
        assertThat(CallFilter.of(Map.of("tier", "critical", "agent", " ")).tier()).isEqualTo("CRITICAL");
        assertThat(CallFilter.of(Map.of("tier", "critical", "agent", " ")).agent()).isNull();
    }
}
