package dev.keel.content;

/**
 * A task as it waits in the queue: the task, the prompt rendered with its variables and shaped by its
 * template, and the versions and hashes it was made from. What was queued is what runs: a prompt or
 * template edited later does not change a task already queued. Stored as JSON; its hash is the
 * task's input hash, written into the output header.
 */
public record QueuedTask(ContentTask task, String prompt, String promptRef, String promptSha256, String template,
                         String templateSha256) {
}
