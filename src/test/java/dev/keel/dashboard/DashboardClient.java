package dev.keel.dashboard;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An HTTP client for the dashboard that keeps its own cookie and CSRF token, as a browser would. */
final class DashboardClient {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern CSRF = Pattern.compile("name=\"keel-csrf\" content=\"([^\"]+)\"");
    private static final Pattern FORM = Pattern.compile("name=\"form\" value=\"([^\"]+)\"");

    private final String base;
    String session;
    String csrf;

    DashboardClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (session != null) {
            r.header("Cookie", DashboardHttp.SESSION_COOKIE + "=" + session);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String csrfToken) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (session != null) {
            r.header("Cookie", DashboardHttp.SESSION_COOKIE + "=" + session);
        }
        if (csrfToken != null) {
            r.header(DashboardHttp.CSRF_HEADER, csrfToken);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws Exception {
        return post(path, csrf);
    }

    /** GET /login, then POST the form with {@code key}; on success keeps the session cookie and reads the page's CSRF token. */
    HttpResponse<String> login(String key) throws Exception {
        HttpResponse<String> form = get("/login");
        String cookie = cookie(form, DashboardHttp.LOGIN_COOKIE);
        Matcher token = FORM.matcher(form.body());
        token.find();
        String body = "key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&form=" + token.group(1);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", DashboardHttp.LOGIN_COOKIE + "=" + cookie)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String id = cookie(answer, DashboardHttp.SESSION_COOKIE);
        if (answer.statusCode() == 303 && id != null) {
            session = id;
            Matcher m = CSRF.matcher(get("/").body());
            csrf = m.find() ? m.group(1) : null;
        }
        return answer;
    }

    static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).findFirst().orElse(null);
    }

    static String setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
    }
}
