package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheTargetAndLeavesNoTempFile() throws Exception {
        Path target = dir.resolve("out/REPORT.md");
        AtomicFiles.write(target, "first");
        AtomicFiles.write(target, "second");

        assertThat(target).hasContent("second");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("REPORT.md");
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTempFile() throws Exception {
        Path target = dir.resolve("taken");
        Files.createDirectories(target.resolve("child"));

        assertThatThrownBy(() -> AtomicFiles.write(target, "x")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("could not write");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("taken");
        }
    }

    @Test
    void picksTheFirstFreeName() {
        Set<String> taken = Set.of("a.yaml", "a~2.yaml", "README");

        assertThat(AtomicFiles.freeName("a.yaml", taken::contains)).isEqualTo("a~3.yaml");
        assertThat(AtomicFiles.freeName("README", taken::contains)).isEqualTo("README~2");
        assertThat(AtomicFiles.freeName("b.yaml", taken::contains)).isEqualTo("b.yaml");
    }
}
