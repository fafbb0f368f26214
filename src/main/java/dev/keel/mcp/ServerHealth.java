package dev.keel.mcp;

import java.time.Instant;
import java.util.List;

/** An external server as Keel last saw it: up with the tools it offers, or down since when and why. */
public record ServerHealth(ExternalServer server, boolean up, String reason, Instant since, List<String> tools, Instant nextAttempt) {
}
