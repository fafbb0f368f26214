package dev.keel.mcp;

import dev.keel.db.Jdbc;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each MCP tool call (agent, tool, outcome, latency) in {@code keel_mcp_call} and in the
 * {@code keel.mcp.tool.calls} timer tagged by tool and outcome, so /observe/metrics shows them.
 */
public final class McpAudit {

    private static final Logger LOG = LoggerFactory.getLogger(McpAudit.class);

    /** One recorded call. */
    public record Call(Instant at, String agent, String tool, String outcome, long latencyMs, String detail) {
    }

    private final Jdbc jdbc;
    private final MeterRegistry meters;
    private final Clock clock;

    public McpAudit(Supplier<DataSource> dataSource, MeterRegistry meters, Clock clock) {
        this.jdbc = new Jdbc(dataSource, "mcp audit");
        this.meters = meters;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public void record(String agent, String tool, String outcome, Duration latency, String detail) {
        Timer.builder("keel.mcp.tool.calls").description("MCP tool calls on /mcp")
                .tag("tool", tool).tag("outcome", outcome).register(meters).record(latency);
        String shortDetail = detail == null ? "" : detail.length() > 2000 ? detail.substring(0, 2000) : detail;
        try {
            jdbc.update("INSERT INTO keel_mcp_call (called_at, agent, tool, outcome, latency_ms, detail) VALUES (?, ?, ?, ?, ?, ?)",
                    clock.instant(), agent, tool, outcome, latency.toMillis(), shortDetail);
        } catch (IllegalStateException e) {
            // the answer was already computed; a ledger hiccup must not turn it into an error
            LOG.warn("MCP call by {} to {} not recorded: {}", agent, tool, e.getMessage());
        }
    }

    /** Calls since {@code from}, oldest first. */
    public List<Call> since(Instant from) {
        return jdbc.list("SELECT called_at, agent, tool, outcome, latency_ms, detail FROM keel_mcp_call WHERE called_at >= ? ORDER BY called_at",
                r -> new Call(r.getObject(1, java.time.OffsetDateTime.class).toInstant(), r.getString(2), r.getString(3),
                        r.getString(4), r.getLong(5), r.getString(6)), from);
    }
}
