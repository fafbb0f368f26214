package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorRetentionTest {

    @TempDir
    Path inbox;

    private Path file(String relative, Instant modified) throws Exception {
        Path p = inbox.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, relative);
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }

    @Test
    void deletesOnlyFailedInputsWhoseErrorFileIsPastTheRetention() throws Exception {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        Path oldInput = file("data/.error/old.json", now.minus(Duration.ofDays(400)));
        Path oldReason = file("data/.error/old.json.error.txt", now.minus(Duration.ofDays(31)));
        Path recentInput = file("data/.error/recent.json", now.minus(Duration.ofDays(400)));
        Path recentReason = file("data/.error/recent.json.error.txt", now.minus(Duration.ofDays(2)));
        Path waiting = file("data/waiting.json", now.minus(Duration.ofDays(400)));
        Path running = file("data/.inprogress/running.json", now.minus(Duration.ofDays(400)));

        assertThat(ErrorRetention.sweep(inbox, 30, now)).containsExactlyInAnyOrder(oldInput, oldReason);

        assertThat(oldInput).doesNotExist();
        assertThat(oldReason).doesNotExist();
        assertThat(recentInput).exists();
        assertThat(recentReason).exists();
        assertThat(waiting).exists();
        assertThat(running).exists();
    }
}
