import dev.keel.boot.KeelRuntime;
import dev.keel.boot.KeelSettings;
import dev.keel.dashboard.CallRollup;
import dev.keel.gateway.AgentKeys;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.camel.main.Main;

/**
 * Every dashboard page and API call against a ledger of N rows (default 1,000,000 over 30 days, 100 agents, 4 providers):
 * Keel started as `keel run` starts it on a fresh home (H2 file database, or PostgreSQL with KEEL_BENCH_PG_URL/USER, a fresh
 * schema each run, the password in KEEL_DB_PASSWORD), the rows inserted with JDBC batches, the rollups caught up, then each request timed
 * sequentially over HTTP with a logged-in session: p50 and p99 per request.
 * Usage: java -cp target/keel.jar bench/DashboardBench.java [rows] [rounds]
 */
public final class DashboardBench {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path home = Files.createTempDirectory("keel-dashboard-bench");
        Path secrets = Files.createDirectories(home.resolve("secrets"));
        String key = AgentKeys.newKey();
        Path keyFile = Files.writeString(secrets.resolve("operator-key-bench"), key);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        int port;
        int management;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            port = a.getLocalPort();
            management = b.getLocalPort();
        }
        Properties system = new Properties();
        system.setProperty("keel.routes", Path.of("routes").toAbsolutePath().toString());
        system.setProperty("keel.http.port", String.valueOf(port));
        system.setProperty("keel.management.port", String.valueOf(management));
        system.setProperty("keel.guard.mode", "observe");
        system.setProperty("keel.dashboard.rollup-interval", "10m");
        String pg = System.getenv("KEEL_BENCH_PG_URL") == null || System.getenv("KEEL_BENCH_PG_URL").isBlank() ? null : System.getenv("KEEL_BENCH_PG_URL");
        if (pg != null) {
            // a schema of its own each run, so a run never meets an earlier run's rows
            // KEEL_BENCH_PG_SCHEMA: measure again on the rows an earlier run left (no seeding), to compare plans and indexes
            String schema = System.getenv().getOrDefault("KEEL_BENCH_PG_SCHEMA", "dashboard_bench_" + System.currentTimeMillis());
            system.setProperty("keel.db.url", pg + (pg.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            System.out.println("schema " + schema);
            system.setProperty("keel.db.user", System.getenv().getOrDefault("KEEL_BENCH_PG_USER", "keel"));
            login(pg, system.getProperty("keel.db.user"));
        }
        KeelSettings settings = KeelRuntime.settings(home, System.getenv(), system);
        KeelRuntime.preflight(settings);
        Main main = KeelRuntime.main(settings);
        main.start();
        try {
            DataSource db = main.getCamelContext().getRegistry().lookupByNameAndType("keelDatabase", dev.keel.db.KeelDatabase.class).dataSource();
            long seeded = System.nanoTime();
            if (System.getenv("KEEL_BENCH_PG_SCHEMA") == null) {
                seed(db, rows);
                System.out.printf(Locale.ROOT, "seeded %,d ledger rows in %.1f s%n", rows, (System.nanoTime() - seeded) / 1e9);
            }
            long rolled = System.nanoTime();
            long n = main.getCamelContext().getRegistry().lookupByNameAndType("callRollup", CallRollup.class).catchUp();
            System.out.printf(Locale.ROOT, "rolled up %,d rows in %.1f s (%s)%n", n, (System.nanoTime() - rolled) / 1e9,
                    pg == null ? "H2" : "PostgreSQL");
            measure("http://127.0.0.1:" + port, key, rounds, rows);
        } finally {
            main.stop();
        }
    }

    /**
     * The bench's PostgreSQL run used to end at Keel's start-up with a pool time-out (the night run's clustered Quartz store
     * is the first to ask for a connection) when KEEL_DB_PASSWORD was not set or the server was down: say which, at once.
     */
    static void login(String url, String user) {
        String password = System.getenv("KEEL_DB_PASSWORD");
        if (password == null || password.isBlank()) {
            System.err.println("KEEL_BENCH_PG_URL is set but KEEL_DB_PASSWORD is not: set it to the password of " + user);
            System.exit(2);
        }
        try (Connection c = java.sql.DriverManager.getConnection(url, user, password)) {
            c.isValid(5);
        } catch (java.sql.SQLException e) {
            System.err.println("PostgreSQL at " + url + " refused user " + user + ": " + e.getMessage()
                    + " (is it up? pg_ctlcluster 15 main start)");
            System.exit(2);
        }
    }

    /** Rows per INSERT statement (16 values each: well under PostgreSQL's 32,767 parameters) and per transaction. */
    static final int ROWS_PER_INSERT = 500;
    static final int ROWS_PER_COMMIT = 50_000;

    static void seed(DataSource db, int rows) throws Exception {
        String[] providers = {"ollama", "kimi", "claude", "groq"};
        String[] tiers = {"LOCAL", "REASONING", "CRITICAL", "REASONING"};
        String[] outcomes = {"ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "error"};
        Random random = new Random(18);
        Instant end = Instant.now();
        long span = 30L * 24 * 3600 * 1000;
        String head = "INSERT INTO keel_model_call (call_id, called_at, caller, provider, model, tier, reason, input_tokens, output_tokens,"
                + " cached_input_tokens, cache_write_tokens, latency_ms, cost_usd, local_call, outcome, tool_calls) VALUES ";
        String one = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            // multi-row VALUES: one statement (one round trip, one parse) inserts ROWS_PER_INSERT rows
            try (PreparedStatement full = c.prepareStatement(head + String.join(", ", java.util.Collections.nCopies(ROWS_PER_INSERT, one)))) {
                int i = 0;
                while (i < rows) {
                    int n = Math.min(ROWS_PER_INSERT, rows - i);
                    PreparedStatement s = n == ROWS_PER_INSERT ? full
                            : c.prepareStatement(head + String.join(", ", java.util.Collections.nCopies(n, one)));
                    int k = 1;
                    for (int j = 0; j < n; j++, i++) {
                        int p = random.nextInt(10) < 8 ? 0 : 1 + random.nextInt(3);
                        // oldest first, as the ledger fills
                        s.setString(k++, String.format(Locale.ROOT, "bench-%09d", i)); // in key order: the primary key grows at its end
                        s.setTimestamp(k++, Timestamp.from(end.minusMillis(span - span * i / rows)));
                        s.setString(k++, "agent-" + random.nextInt(100));
                        s.setString(k++, providers[p]);
                        s.setString(k++, providers[p] + "-model-" + random.nextInt(2));
                        s.setString(k++, tiers[p]);
                        s.setString(k++, "rule local-default: short prompt, no code");
                        s.setLong(k++, 200 + random.nextInt(4000));
                        s.setLong(k++, 50 + random.nextInt(800));
                        s.setLong(k++, random.nextInt(500));
                        s.setLong(k++, 0);
                        s.setLong(k++, 80 + (long) (random.nextDouble() * random.nextDouble() * 20_000));
                        s.setDouble(k++, p == 0 ? 0.00002 : random.nextDouble() * 0.02);
                        s.setBoolean(k++, p == 0);
                        s.setString(k++, outcomes[random.nextInt(outcomes.length)]);
                    }
                    s.executeUpdate();
                    if (s != full) {
                        s.close();
                    }
                    if (i % ROWS_PER_COMMIT == 0 || i == rows) {
                        c.commit();
                    }
                }
            }
        }
    }

    static void measure(String base, String key, int rounds, int rows) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        String loginCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher token = Pattern.compile("name=\"form\" value=\"([^\"]+)\"").matcher(form.body());
        token.find();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Cookie", loginCookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("key="
                        + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&form=" + token.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        String session = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("keel_session=")).findFirst()
                .orElseThrow(() -> new IllegalStateException("login failed: " + login.statusCode())).split(";")[0];
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(3).toString();
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("page /", "/");
        requests.put("overview", "/api/dashboard/overview");
        requests.put("calls, newest page", "/api/dashboard/calls");
        requests.put("calls, 10 % from the oldest (keyset)", "/api/dashboard/calls?before=" + rows / 10);
        requests.put("calls by agent", "/api/dashboard/calls?agent=agent-42");
        requests.put("calls by provider + outcome", "/api/dashboard/calls?provider=claude&outcome=error");
        requests.put("calls by model", "/api/dashboard/calls?model=kimi-model-1");
        requests.put("calls by tier", "/api/dashboard/calls?tier=critical");
        requests.put("calls by day", "/api/dashboard/calls?day=" + today);
        requests.put("calls by day, 4 weeks back", "/api/dashboard/calls?day=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(28));
        requests.put("calls by agent + day", "/api/dashboard/calls?agent=agent-42&day=" + today);
        requests.put("one call", "/api/dashboard/calls/" + rows / 2);
        requests.put("spend per agent and day (30 d)", "/api/dashboard/spend");
        requests.put("spend of one agent", "/api/dashboard/spend?agent=agent-42");
        requests.put("calls CSV, one agent and day", "/api/dashboard/calls.csv?agent=agent-42&day=" + today);
        requests.put("batches", "/api/dashboard/batches");
        requests.put("night runs", "/api/dashboard/night");
        requests.put("alerts", "/api/dashboard/alerts");
        requests.put("intakes", "/api/dashboard/intakes");
        requests.put("exports (files)", "/api/dashboard/files?root=outbox&dir=");
        requests.put("asset uPlot", "/assets/uPlot.iife.min.js");
        System.out.println("| request | p50 ms | p99 ms | bytes |");
        System.out.println("|---|---|---|---|");
        for (Map.Entry<String, String> r : requests.entrySet()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + r.getValue())).header("Cookie", session).build();
            int size = 0;
            for (int w = 0; w < 5; w++) {
                HttpResponse<String> warm = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (warm.statusCode() != 200) {
                    throw new IllegalStateException(r.getValue() + " answered " + warm.statusCode() + ": " + warm.body());
                }
                size = warm.body().length();
            }
            long[] nanos = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                http.send(request, HttpResponse.BodyHandlers.discarding());
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %,d |%n", r.getKey(), nanos[rounds / 2] / 1e6,
                    nanos[Math.min(rounds - 1, (int) Math.ceil(rounds * 0.99) - 1)] / 1e6, size);
        }
    }
}
