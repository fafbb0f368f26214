package dev.keel.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.boot.KeelSettings;
import dev.keel.db.KeelDatabase;
import dev.keel.storage.RejectedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompt versions are immutable, old versions stay renderable, and rendering fails loudly. */
class PromptStoreTest {

    @TempDir
    Path home;

    KeelDatabase db;
    PromptStore store;
    Path prompts;

    static final String BRIEF_V1 = """
            ---
            version: 1
            description: A product brief
            variables: [product, audience]
            ---
            Write a brief about {{product}} for {{ audience }}.
            """;

    @BeforeEach
    void open() throws Exception {
        db = KeelDatabase.open(KeelSettings.of(Map.of("keel.home", home.toString(), "keel.db.url", "jdbc:h2:file:./data/keel",
                "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD")));
        prompts = Files.createDirectories(home.resolve("prompts"));
        store = new PromptStore(prompts, db::dataSource, Clock.systemUTC());
        Files.writeString(prompts.resolve("brief.md"), BRIEF_V1);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aPromptRendersItsVariablesAndNamesItsVersion() {
        Prompt brief = store.get("brief", "1");

        assertThat(brief.ref()).isEqualTo("brief@1");
        assertThat(brief.render(Map.of("product", "Keel", "audience", "ops teams"))).isEqualTo("Write a brief about Keel for ops teams.\n");
        assertThat(store.get("brief", null).sha256()).isEqualTo(brief.sha256());
    }

    @Test
    void aMissingVariableFailsLoudlyWithItsName() {
        Prompt brief = store.get("brief", null);

        assertThatThrownBy(() -> brief.render(Map.of("product", "Keel"))).isInstanceOf(RejectedInputException.class)
                .hasMessage("prompt brief@1 needs audience; the task gives product");
    }

    @Test
    void aChangedPromptThatKeptItsVersionIsRefused() throws Exception {
        store.get("brief", null);
        Files.writeString(prompts.resolve("brief.md"), BRIEF_V1.replace("Write a brief", "Write a short brief"));

        assertThatThrownBy(() -> store.get("brief", null)).isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("prompts/brief.md changed but kept version 1").hasMessageContaining("give the change a new version");
    }

    @Test
    void aNewVersionIsRecordedAndTheOldOneStaysRenderable() throws Exception {
        String v1 = store.get("brief", null).sha256();
        Files.writeString(prompts.resolve("brief.md"), BRIEF_V1.replace("version: 1", "version: 2").replace("Write a brief", "Draft a brief"));

        Prompt v2 = store.get("brief", null);
        Prompt old = store.get("brief", "1");

        assertThat(v2.version()).isEqualTo("2");
        assertThat(old.sha256()).isEqualTo(v1);
        assertThat(old.render(Map.of("product", "Keel", "audience", "ops"))).startsWith("Write a brief");
        assertThat(store.list()).anyMatch(l -> l.startsWith("brief@2  sha256:")).anyMatch(l -> l.contains("recorded brief@1"));
    }

    @Test
    void unknownPromptsVersionsAndUndeclaredMarkersAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> store.get("nothing", null)).hasMessageContaining("no prompt 'nothing'");
        assertThatThrownBy(() -> store.get("brief", "7")).hasMessageContaining("prompts/brief.md is at version 1 and Keel never recorded 7");
        assertThatThrownBy(() -> store.get("../etc", null)).hasMessageContaining("must be lower-case letters");
        Files.writeString(prompts.resolve("loose.md"), "---\nversion: 1\nvariables: [a]\n---\nUse {{a}} and {{b}}.\n");
        assertThatThrownBy(() -> store.get("loose", null)).hasMessageContaining("uses {{b}}, which its header does not declare");
        Files.writeString(prompts.resolve("bare.md"), "Just text.\n");
        assertThatThrownBy(() -> store.get("bare", null)).hasMessageContaining("needs a YAML header");
    }
}
