package dev.keel.content;

import dev.keel.router.Tier;
import java.util.Map;

/**
 * One task of a batch, its defaults applied: which prompt (a bank reference {@code name@version} or an
 * inline text), its variables, what kind of work it is, an optional tier, priority 0 (P0, first) to 3,
 * whether it waits for the night, how many sources its output must list, where the output goes
 * under {@code outbox/content/<batch>/}, and the output template (null: the default).
 */
public record ContentTask(String batch, String id, String title, String prompt, String inline, Map<String, Object> variables,
                          String kind, Tier tier, int priority, boolean night, int sources, String output, String template) {

    /** The same task with its prompt reference resolved to the version it uses ({@code brief} becomes {@code brief@3}). */
    public ContentTask withPrompt(String ref) {
        return new ContentTask(batch, id, title, ref, inline, variables, kind, tier, priority, night, sources, output, template);
    }
}
