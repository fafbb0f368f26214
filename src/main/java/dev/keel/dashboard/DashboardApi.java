package dev.keel.dashboard;

import dev.keel.alert.AlertBook;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/**
 * {@code /api/dashboard/...} and {@code /files/...}, behind {@link DashboardGate}: reads answer GET, the three actions
 * answer POST only. Bad input is a 400 with the reason; nothing echoes a request header back.
 */
public final class DashboardApi {

    private static final String API = "/api/dashboard/";
    private static final Pattern ONE_CALL = Pattern.compile("calls/(\\d{1,18})");
    private static final Pattern ACTION = Pattern.compile("(intakes|tasks|alerts)/([^/]{1,200})/(pause|resume|retry|ack)");

    private final Overview overview;
    private final CallsQuery calls;
    private final CallStats stats;
    private final WorkViews work;
    private final WorkFiles files;
    private final Actions actions;
    private final ActionLog log;
    private final Supplier<AlertBook> alerts;
    private final Clock clock;

    public DashboardApi(Overview overview, CallsQuery calls, CallStats stats, WorkViews work, WorkFiles files, Actions actions,
                        ActionLog log, Supplier<AlertBook> alerts, Clock clock) {
        this.overview = overview;
        this.calls = calls;
        this.stats = stats;
        this.work = work;
        this.files = files;
        this.actions = actions;
        this.log = log;
        this.alerts = alerts;
        this.clock = clock;
    }

    public void handle(Exchange exchange) throws Exception {
        String path = DashboardHttp.path(exchange);
        String what = path.startsWith(API) ? path.substring(API.length()) : "";
        Map<String, String> query = DashboardHttp.query(exchange);
        try {
            if ("POST".equals(DashboardHttp.method(exchange))) {
                act(exchange, what);
            } else {
                read(exchange, what, query);
            }
        } catch (IllegalArgumentException e) {
            DashboardHttp.error(exchange, 400, e.getMessage());
        }
    }

    private void read(Exchange exchange, String what, Map<String, String> query) throws IOException {
        switch (what) {
            case "overview" -> DashboardHttp.json(exchange, 200, overview.now());
            case "calls" -> {
                Long size = number(query.get("size"));
                CallsQuery.Page page = calls.page(CallFilter.of(query), number(query.get("before")), size == null ? 50 : size.intValue());
                DashboardHttp.json(exchange, 200, Map.of("calls", page.rows().stream().map(DashboardApi::row).toList(),
                        "next", page.next() == null ? "" : page.next().toString()));
            }
            case "calls.csv" -> {
                StringWriter csv = new StringWriter();
                calls.csv(CallFilter.of(query), csv);
                DashboardHttp.bytes(exchange, "text/csv; charset=utf-8", csv.toString().getBytes(StandardCharsets.UTF_8));
                exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"keel-calls.csv\"");
            }
            case "spend" -> DashboardHttp.json(exchange, 200, stats.spend(CallFilter.of(query), clock.instant().minus(Duration.ofDays(30))
                    .truncatedTo(java.time.temporal.ChronoUnit.DAYS)));
            case "spend.csv" -> {
                String csv = spendCsv(stats.spend(CallFilter.of(query), clock.instant().minus(Duration.ofDays(30))
                        .truncatedTo(java.time.temporal.ChronoUnit.DAYS)));
                DashboardHttp.bytes(exchange, "text/csv; charset=utf-8", csv.getBytes(StandardCharsets.UTF_8));
                exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"keel-spend.csv\"");
            }
            case "batches" -> DashboardHttp.json(exchange, 200, Map.of("batches", work.batches(50)));
            case "rejected" -> DashboardHttp.json(exchange, 200, Map.of("tasks", work.rejected(required(query, "batch"))));
            case "failures" -> DashboardHttp.json(exchange, 200, Map.of("failures", work.failures(required(query, "workflow"))));
            case "night" -> DashboardHttp.json(exchange, 200, Map.of("runs", work.night(30), "backup", work.lastBackup()));
            case "alerts" -> DashboardHttp.json(exchange, 200, Map.of("alerts", Alerts.recent(alerts.get(), 100)));
            case "intakes" -> DashboardHttp.json(exchange, 200, Map.of("intakes", actions.intakes(), "actions", log.recent(50)));
            case "files" -> {
                List<String> names = files.list(required(query, "root"), query.getOrDefault("dir", ""))
                        .orElseThrow(() -> new IllegalArgumentException("no folder '" + query.get("dir") + "' under " + query.get("root")));
                DashboardHttp.json(exchange, 200, Map.of("root", query.get("root"), "dir", query.getOrDefault("dir", ""), "entries", names));
            }
            default -> {
                Matcher call = ONE_CALL.matcher(what);
                if (call.matches()) {
                    Optional<Map<String, Object>> found = calls.call(Long.parseLong(call.group(1)));
                    if (found.isPresent()) {
                        DashboardHttp.json(exchange, 200, found.get());
                    } else {
                        DashboardHttp.error(exchange, 404, "no call " + call.group(1));
                    }
                } else {
                    DashboardHttp.error(exchange, 404, "no dashboard API '" + what + "'");
                }
            }
        }
    }

    private void act(Exchange exchange, String what) throws Exception {
        Matcher m = ACTION.matcher(what);
        String operator = DashboardGate.session(exchange).operator();
        if (!m.matches()) {
            DashboardHttp.error(exchange, 404, "no dashboard action '" + what + "'");
            return;
        }
        String done = switch (m.group(1) + "/" + m.group(3)) {
            case "intakes/pause" -> actions.pause(m.group(2), operator);
            case "intakes/resume" -> actions.resume(m.group(2), operator);
            case "tasks/retry" -> actions.retry(Optional.ofNullable(number(m.group(2)))
                    .orElseThrow(() -> new IllegalArgumentException("a task id is a number")), operator);
            case "alerts/ack" -> actions.acknowledge(m.group(2), operator);
            default -> throw new IllegalArgumentException("no action " + m.group(3) + " on " + m.group(1));
        };
        DashboardHttp.json(exchange, 200, Map.of("done", done));
    }

    /** {@code GET /files/{root}/{path}}: a file of Keel's folders, read-only. */
    public void file(Exchange exchange) throws IOException {
        String path = DashboardHttp.path(exchange);
        String rest = path.startsWith("/files/") ? path.substring("/files/".length()) : "";
        int slash = rest.indexOf('/');
        Optional<WorkFiles.Found> found = slash < 0 ? Optional.empty() : files.file(rest.substring(0, slash), rest.substring(slash + 1));
        if (found.isEmpty()) {
            DashboardHttp.error(exchange, 404, "no such file in Keel's folders");
            return;
        }
        WorkFiles.Found f = found.get();
        DashboardHttp.bytes(exchange, f.contentType(), Files.readAllBytes(f.file()));
        // a file a model wrote is never a page of this origin
        exchange.getMessage().setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
        if (f.download()) {
            exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\""
                    + f.file().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
        }
    }

    /** Spend per agent, then per day: {@code by,key,calls,cost_usd}. */
    @SuppressWarnings("unchecked")
    private static String spendCsv(Map<String, Object> spend) {
        StringBuilder csv = new StringBuilder("by,key,calls,cost_usd\n");
        for (Map<String, Object> a : (List<Map<String, Object>>) spend.get("agents")) {
            csv.append("agent,").append(Csv.cell((String) a.get("agent"))).append(',').append(a.get("calls")).append(',')
                    .append(java.math.BigDecimal.valueOf((Double) a.get("costUsd")).toPlainString()).append('\n');
        }
        for (Map<String, Object> d : (List<Map<String, Object>>) spend.get("days")) {
            csv.append("day,").append(d.get("day")).append(',').append(d.get("calls")).append(',')
                    .append(java.math.BigDecimal.valueOf((Double) d.get("costUsd")).toPlainString()).append('\n');
        }
        return csv.toString();
    }

    private static Map<String, Object> row(CallsQuery.Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("at", r.at().toString());
        m.put("agent", r.agent());
        m.put("provider", r.provider());
        m.put("model", r.model());
        m.put("tier", r.tier());
        m.put("outcome", r.outcome());
        m.put("tokens", r.input() + r.output());
        m.put("cost", dev.keel.ledger.Money.usd(r.costUsd()));
        m.put("latencyMs", r.latencyMs());
        return m;
    }

    private static String required(Map<String, String> query, String name) {
        String v = query.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is required");
        }
        return v;
    }

    private static Long number(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number");
        }
    }
}
