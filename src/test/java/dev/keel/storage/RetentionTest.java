package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    @TempDir
    Path home;

    private Path file(String relative) throws Exception {
        Path p = home.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, relative);
    }

    @Test
    void deletesOnlyArchivedDaysOlderThanTheRetention() throws Exception {
        Path archive = home.resolve("archive");
        Path old = file("archive/content/2026/01/01/week-1.yaml");
        Path edge = file("archive/content/2026/01/02/week-2.yaml");
        Path fresh = file("archive/export/2026/01/31/pack.yaml");
        Path inbox = file("inbox/content/week-0.yaml");
        Path error = file("inbox/content/.error/bad.yaml");
        Path stray = file("archive/content/notes.txt");

        Retention.Sweep sweep = new Retention(archive, 30).sweep(LocalDate.of(2026, 2, 1));

        assertThat(old).doesNotExist();
        assertThat(old.getParent().getParent()).exists();
        assertThat(edge).exists();
        assertThat(fresh).exists();
        assertThat(inbox).exists();
        assertThat(error).exists();
        assertThat(stray).exists();
        assertThat(sweep.removedFiles()).isEqualTo(1);
        assertThat(sweep.removedDays()).containsExactly(archive.resolve("content/2026/01/01"));
    }

    @Test
    void removesEmptiedMonthAndYearFolders() throws Exception {
        Path archive = home.resolve("archive");
        file("archive/content/2025/12/31/a.yaml");
        file("archive/content/2026/02/01/b.yaml");

        new Retention(archive, 7).sweep(LocalDate.of(2026, 2, 2));

        assertThat(archive.resolve("content/2025")).doesNotExist();
        assertThat(archive.resolve("content/2026/02/01/b.yaml")).exists();
    }

    @Test
    void aMissingArchiveIsNothingToDo() {
        assertThat(new Retention(home.resolve("none"), 1).sweep(LocalDate.now()).removedFiles()).isZero();
    }
}
