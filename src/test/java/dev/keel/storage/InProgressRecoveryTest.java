package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProgressRecoveryTest {

    @TempDir
    Path inbox;

    @Test
    void putsFilesLeftInProgressBackWithoutOverwriting() throws Exception {
        Path stuck = inbox.resolve("content/.inprogress");
        Files.createDirectories(stuck);
        Files.writeString(stuck.resolve("week-48.yaml"), "crashed");
        Files.writeString(inbox.resolve("content/week-48.yaml"), "newer drop");

        assertThat(InProgressRecovery.recover(inbox)).hasSize(1);

        assertThat(inbox.resolve("content/week-48.yaml")).hasContent("newer drop");
        assertThat(inbox.resolve("content/week-48~2.yaml")).hasContent("crashed");
        assertThat(stuck).isEmptyDirectory();
    }
}
