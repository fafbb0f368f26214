package dev.keel.alert;

import dev.keel.guard.GuardLevel;
import dev.keel.ledger.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Which subjects a rule's condition holds for in a snapshot, each with a one-line summary; null when its input is unknown. */
final class Conditions {

    private Conditions() {
    }

    static Map<String, String> holding(AlertRule rule, Snapshot s, Instant now) {
        Map<String, String> holds = new TreeMap<>();
        switch (rule.kind()) {
            case GUARD_CRITICAL -> {
                if (s.guards() == null) {
                    return null;
                }
                s.guards().forEach((node, level) -> {
                    if (level == GuardLevel.CRITICAL) {
                        holds.put(node, "ResourceGuard" + on(node) + " is CRITICAL: inbox consumers are suspended");
                    }
                });
            }
            case PROVIDER_UNAVAILABLE -> {
                if (s.providers() == null) {
                    return null;
                }
                s.providers().forEach((name, p) -> {
                    if (p.circuitOpen()) {
                        holds.put(name, name + "'s circuit is open: calls fall through to the next provider");
                    } else if (p.coolingDown() != null && !p.coolingDown().isZero()) {
                        holds.put(name, name + " asked Keel to wait (Retry-After), " + p.coolingDown().toSeconds() + " s left");
                    }
                });
            }
            case ERROR_RATE -> {
                if (s.providers() == null) {
                    return null;
                }
                double limit = rule.number("percent");
                s.providers().forEach((name, p) -> {
                    double percent = p.calls() == 0 ? 0 : 100.0 * p.failures() / p.calls();
                    if (p.calls() >= rule.number("min-calls") && percent >= limit) {
                        holds.put(name, String.format(Locale.ROOT, "%s failed %d of %d calls in 5 minutes (%.0f %%, limit %.0f %%)", name,
                                p.failures(), p.calls(), percent, limit));
                    }
                });
            }
            case BUDGET -> {
                if (s.providers() == null) {
                    return null;
                }
                double percent = rule.number("percent");
                s.providers().forEach((name, p) -> {
                    if (p.dailyBudget() > 0 && p.spentToday() >= p.dailyBudget() * percent / 100) {
                        holds.put(name, name + " has spent " + Money.usd(p.spentToday()) + " of its " + Money.usd(p.dailyBudget())
                                + " daily budget (" + Math.round(100 * p.spentToday() / p.dailyBudget()) + " %)");
                    }
                });
            }
            case QUEUE_STALLED -> {
                if (s.queue() == null) {
                    return null;
                }
                Duration stalled = rule.duration("stalled");
                if (s.queue().ready() > 0 && s.queue().lastMoved() != null && !s.queue().lastMoved().plus(stalled).isAfter(now)) {
                    holds.put("", s.queue().ready() + " content tasks are ready but none ended since " + s.queue().lastMoved());
                }
            }
            case NIGHT_FAILED -> {
                if (s.night() == null) {
                    return null;
                }
                if (s.night().failed()) {
                    holds.put("", "the night run of " + s.night().finished() + " failed: " + s.night().steps());
                }
            }
            case BACKUP_FAILED -> {
                if (s.night() == null) {
                    return null;
                }
                if (s.night().backupFailed()) {
                    holds.put("", "the backup of the night run of " + s.night().finished() + " failed or did not verify");
                }
            }
            case HEALTH_STALE -> {
                if (s.healths() == null) {
                    return null;
                }
                s.healths().forEach((node, health) -> {
                    Duration limit = Duration.ofMillis((long) (health.interval().toMillis() * rule.number("factor")));
                    Instant last = health.lastSample() == null ? health.runningSince() : health.lastSample();
                    if (last != null && last.plus(limit).isBefore(now)) {
                        holds.put(node, "no health sample" + on(node) + " since " + last + " (expected every " + health.interval().toSeconds()
                                + " s)");
                    }
                });
            }
            case SECRET_ROTATION -> {
                if (s.overdueSecrets() == null) {
                    return null;
                }
                s.overdueSecrets().forEach((name, due) -> holds.put(name, "secret " + name + " was due for rotation on " + due));
            }
            case DISK_LOW -> {
                if (s.disks() == null) {
                    return null;
                }
                double limit = rule.number("free-percent");
                s.disks().forEach((node, folders) -> folders.forEach((folder, free) -> {
                    if (free < limit) {
                        holds.put(node.isEmpty() ? folder : node + ":" + folder, String.format(Locale.ROOT,
                                "the disk of %s%s has %.1f %% free (limit %.0f %%)", folder, on(node), free, limit));
                    }
                }));
            }
            default -> throw new IllegalStateException(rule.kind().toString());
        }
        return holds;
    }

    /** " on node X" in a cluster, nothing on one node (its subject is "" there). */
    private static String on(String node) {
        return node.isEmpty() ? "" : " on node " + node;
    }
}
