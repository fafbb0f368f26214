package dev.keel.mcp;

import dev.keel.content.Prompt;
import dev.keel.content.PromptStore;
import dev.keel.guard.GuardState;
import dev.keel.guard.ResourceGuard;
import dev.keel.ledger.CostLedger;
import dev.keel.legal.LegalQueries;
import dev.keel.router.ModelRouter;
import dev.keel.router.Provider;
import dev.keel.router.RouterConfig;
import dev.keel.router.Tier;
import dev.keel.secrets.OutputScanner;
import dev.keel.storage.AtomicFiles;
import dev.keel.storage.StorageLayout;
import dev.keel.web.Inboxes;
import dev.keel.web.TaskStatus;
import dev.keel.web.Tasks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Keel's own MCP tools, each a thin call into a workflow that already exists: the content inbox (as the
 * webhook writes it), task status, the routing policy, the cost ledger, the guard, the legal index and
 * the prompt bank. Export is a separate tool ({@link ExportTool}) because it renders in the call.
 */
public final class KeelTools {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9._\\-]{0,199}");

    /** What the tools read and write. */
    public record Parts(StorageLayout layout, Inboxes inboxes, TaskStatus status, Supplier<RouterConfig> router,
                        CostLedger ledger, ResourceGuard guard, LegalQueries legal, PromptStore prompts, Clock clock) {
    }

    private final Parts p;

    public KeelTools(Parts parts) {
        this.p = parts;
    }

    public List<KeelTool> all() {
        return List.of(
                new KeelTool("submit_content", "Queue a content brief (Markdown) or a batch (YAML/JSON) in Keel's content inbox. "
                        + "Returns the task id; poll task_status with it. The result lands in outbox/content.",
                        schema("\"name\":{\"type\":\"string\",\"description\":\"file name, e.g. week-48.yaml or brief.md\"},"
                                + "\"content\":{\"type\":\"string\",\"description\":\"the brief or batch file's text\"}", "name", "content"),
                        this::submit),
                new KeelTool("task_status", "The state of a task submitted to Keel: queued, running, done or failed (with the reason).",
                        schema("\"task\":{\"type\":\"string\",\"pattern\":\"^\\\\d{8}-[0-9a-f]{12}$\"}", "task"), this::status),
                new KeelTool("route_explain", "Which provider, model and tier Keel's router would choose for a prompt, with the reason, "
                        + "fallback chain and estimated cost. Nothing is sent to a model.",
                        schema("\"prompt\":{\"type\":\"string\"},\"kind\":{\"type\":\"string\"},"
                                + "\"tier\":{\"type\":\"string\",\"enum\":[\"local\",\"reasoning\",\"critical\"]}", "prompt"), this::explain),
                new KeelTool("spend_today", "Spend per provider today (USD) from the cost ledger, each provider's daily budget and what is left.",
                        schema("", new String[0]), (agent, args) -> spend()),
                new KeelTool("health", "Keel's ResourceGuard state (OK, HOT, CRITICAL), why, since when, and host CPU, memory and disk use.",
                        schema("", new String[0]), (agent, args) -> health()),
                new KeelTool("stale_legal_documents", "Legal documents whose cited data records changed since they were written.",
                        schema("", new String[0]), (agent, args) -> stale()),
                new KeelTool("render_prompt", "Render a prompt from Keel's prompt bank with its declared variables.",
                        schema("\"name\":{\"type\":\"string\"},\"version\":{\"type\":\"string\"},"
                                + "\"variables\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}", "name"), this::render));
    }

    /** A JSON Schema object with those properties and required names. */
    static String schema(String properties, String... required) {
        String req = required.length == 0 ? "" : ",\"required\":[\"" + String.join("\",\"", required) + "\"]";
        return "{\"type\":\"object\",\"properties\":{" + properties + "}" + req + ",\"additionalProperties\":false}";
    }

    private Map<String, Object> submit(String agent, Map<String, Object> args) {
        String name = KeelTool.text(args, "name", true);
        String content = KeelTool.text(args, "content", true);
        if (!SAFE_NAME.matcher(name).matches() || name.contains("..")) {
            throw new ToolRefused("name '" + name + "' must be a plain file name such as week-48.yaml");
        }
        Optional<Inboxes.Inbox> inbox = p.inboxes().find("content");
        if (inbox.isPresent() && !inbox.get().accepts(name)) {
            throw new ToolRefused("the content inbox takes names matching " + inbox.get().accept());
        }
        if (!OutputScanner.scan(content).isEmpty()) {
            throw new ToolRefused("the content looks like it contains a secret (API key or token); remove it and submit again");
        }
        String task = Tasks.newId(p.clock());
        AtomicFiles.write(p.layout().inbox("content").resolve(Tasks.fileName(task, name)), content.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", task);
        out.put("workflow", "content");
        out.put("status", "queued");
        out.put("submitted_by", agent);
        return out;
    }

    private Map<String, Object> status(String agent, Map<String, Object> args) {
        String task = KeelTool.text(args, "task", true);
        if (!Tasks.ID.matcher(task).matches()) {
            throw new ToolRefused("'" + task + "' is not a Keel task id (yyyyMMdd-<12 hex>, as submit_content returns)");
        }
        for (Inboxes.Inbox inbox : p.inboxes().all()) {
            Optional<Map<String, Object>> found = p.status().find(task, inbox.workflow());
            if (found.isPresent()) {
                return found.get();
            }
        }
        Optional<Map<String, Object>> content = p.status().find(task, "content");
        return content.orElseThrow(() -> new ToolRefused("no task " + task + " in any inbox, in progress, archive or error folder"));
    }

    private Map<String, Object> explain(String agent, Map<String, Object> args) {
        String tierName = KeelTool.text(args, "tier", false);
        Tier tier;
        try {
            tier = tierName == null ? null : Tier.valueOf(tierName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ToolRefused("tier must be local, reasoning or critical, not '" + tierName + "'");
        }
        ModelRouter.Task task = new ModelRouter.Task(KeelTool.text(args, "prompt", true), KeelTool.text(args, "kind", false), tier, 512);
        ModelRouter.State state = new ModelRouter.State(p.ledger().recentShares(), p.ledger().spentToday(), Map.of(), p.guard().acting());
        ModelRouter.Decision d = new ModelRouter(p.router().get()).decide(task, state);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("routed", d.routed());
        out.put("tier", d.tier() == null ? null : d.tier().name().toLowerCase(Locale.ROOT));
        out.put("provider", d.provider() == null ? null : d.provider().name());
        out.put("model", d.model());
        out.put("fallback", d.fallback());
        out.put("estimated_tokens", d.estimatedTokens());
        out.put("estimated_cost_usd", d.estimatedCostUsd());
        out.put("reason", d.reason());
        return out;
    }

    private Map<String, Object> spend() {
        Map<String, Double> spent = p.ledger().spentToday();
        Map<String, Object> providers = new TreeMap<>();
        for (Provider provider : p.router().get().providers()) {
            double used = spent.getOrDefault(provider.name(), 0.0);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("spent_usd", used);
            row.put("daily_budget_usd", provider.dailyBudgetUsd());
            row.put("left_usd", provider.dailyBudgetUsd() > 0 ? Math.max(0, provider.dailyBudgetUsd() - used) : null);
            providers.put(provider.name(), row);
        }
        return Map.of("day", java.time.LocalDate.now(p.clock()).toString(), "providers", providers,
                "total_usd", spent.values().stream().mapToDouble(Double::doubleValue).sum());
    }

    private Map<String, Object> health() {
        GuardState state = p.guard().state();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", state.level().name());
        out.put("since", state.since().toString());
        out.put("reason", state.reason());
        out.put("mode", p.guard().getMode());
        out.put("cpu_percent", p.guard().getCpuPercent());
        out.put("memory_used_percent", p.guard().getMemoryUsedPercent());
        out.put("disk_used_percent", p.guard().getDiskUsedPercent());
        out.put("local_in_flight", p.guard().getLocalInFlight());
        out.put("local_limit", p.guard().getLocalLimit());
        return out;
    }

    private Map<String, Object> stale() {
        List<Map<String, Object>> rows = p.legal().stale().stream().map(s -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("document", s.documentId());
            row.put("title", s.title());
            row.put("version", s.version());
            row.put("path", s.path());
            row.put("record", s.recordId());
            row.put("changed_fields", s.changedFields());
            row.put("marked_at", s.markedAt().toString());
            return row;
        }).toList();
        return Map.of("stale", rows, "count", rows.size());
    }

    private Map<String, Object> render(String agent, Map<String, Object> args) {
        Prompt prompt = p.prompts().get(KeelTool.text(args, "name", true), KeelTool.text(args, "version", false));
        Object variables = args.getOrDefault("variables", Map.of());
        if (!(variables instanceof Map<?, ?> values)) {
            throw new ToolRefused("variables must be an object of name to text");
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        values.forEach((k, v) -> vars.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        return Map.of("prompt", prompt.ref(), "sha256", prompt.sha256(), "text", prompt.render(vars));
    }
}
