package dev.keel.storage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backups to keep, like restic's {@code forget --keep-daily 7 --keep-weekly 4 --keep-monthly 6}:
 * going from newest to oldest, the newest backup of each of the last N days (weeks, months) that
 * have a backup is kept, and the newest backup always is. Pure: times in, times out.
 */
public record BackupRetention(int keepDaily, int keepWeekly, int keepMonthly, ZoneId zone) {

    public Set<Instant> keep(List<Instant> backups) {
        List<Instant> newestFirst = backups.stream().sorted(Comparator.reverseOrder()).toList();
        Set<Instant> kept = new LinkedHashSet<>();
        if (!newestFirst.isEmpty()) {
            kept.add(newestFirst.get(0)); // whatever the counts, the newest backup stays
        }
        keepPer(newestFirst, keepDaily, d -> d.toString(), kept);
        keepPer(newestFirst, keepWeekly, d -> d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), kept);
        keepPer(newestFirst, keepMonthly, d -> d.getYear() + "-" + d.getMonthValue(), kept);
        return kept;
    }

    private void keepPer(List<Instant> newestFirst, int count, Function<LocalDate, String> bucket, Set<Instant> kept) {
        Set<String> seen = new LinkedHashSet<>();
        for (Instant backup : newestFirst) {
            if (seen.size() >= count) {
                return;
            }
            if (seen.add(bucket.apply(LocalDate.ofInstant(backup, zone)))) {
                kept.add(backup);
            }
        }
    }
}
