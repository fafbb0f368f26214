package dev.keel.content;

import dev.keel.router.Tier;
import java.util.Map;

/**
 * One task of a batch, its defaults applied: which prompt (a bank reference {@code name[@version]} or an
 * inline text), its variables, what kind of work it is, an optional tier, priority 0 (P0, first) to 3,
 * whether it waits for the night, how many sources its output must list, and where the output goes
 * under {@code outbox/content/<batch>/}.
 */
public record ContentTask(String batch, String id, String title, String prompt, String inline, Map<String, Object> variables,
                          String kind, Tier tier, int priority, boolean night, int sources, String output) {
}
