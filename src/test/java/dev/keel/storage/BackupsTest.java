package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.support.Files2;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsTest {

    @TempDir
    Path home;

    private Path backup() throws Exception {
        Files.createDirectories(home.resolve("ops/health"));
        Files.writeString(home.resolve("ops/health/HEALTH.md"), "# Keel health\n");
        Files.createDirectories(home.resolve("prompts"));
        Files.write(home.resolve("prompts/brief.md"), "Über — 漢字 — ✓".getBytes(StandardCharsets.UTF_8));
        byte[] binary = new byte[70_000];
        new java.util.Random(1).nextBytes(binary);
        Files.write(home.resolve("prompts/blob.bin"), binary);
        return Backups.create(home.resolve("backups/" + Backups.name(Instant.parse("2026-03-01T02:00:00Z"))),
                Map.of("ops", home.resolve("ops"), "prompts", home.resolve("prompts"), "templates", home.resolve("none")),
                Map.of("db/legal_record.csv", "id,fields\nacme,{}\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRoundTripRestoresByteIdenticalFiles() throws Exception {
        Path zip = backup();

        assertThat(Backups.verify(zip).ok()).isTrue();
        assertThat(Backups.verify(zip).entries()).isEqualTo(4);
        List<Path> restored = Backups.restore(zip, home.resolve("restored"));

        assertThat(restored).hasSize(5);
        for (String file : List.of("ops/health/HEALTH.md", "prompts/brief.md", "prompts/blob.bin")) {
            assertThat(Files.mismatch(home.resolve(file), home.resolve("restored").resolve(file))).as(file).isEqualTo(-1L);
        }
        assertThat(home.resolve("restored/db/legal_record.csv")).hasContent("id,fields\nacme,{}\n");
        assertThat(home.resolve("restored/" + Backups.MANIFEST)).content().contains("  prompts/blob.bin");
        assertThat(Backups.timeOf(zip)).isEqualTo(Instant.parse("2026-03-01T02:00:00Z"));
    }

    @Test
    void aBackupAndItsFolderAreOwnerOnlyWhateverTheUmask() throws Exception {
        Path zip = backup();

        assertThat(Files.getPosixFilePermissions(zip)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(zip.getParent()))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aBackupWhoseTableRowHoldsAKeyIsQuarantinedNotKept() throws Exception {
        dev.keel.secrets.Publisher.quarantineIn(home.resolve("quarantine"));
        String key = "sk-ant-api03-" + "FAKE".repeat(21);
        Path target = home.resolve("backups/" + Backups.name(Instant.parse("2026-03-02T02:00:00Z")));

        assertThatThrownBy(() -> Backups.create(target, Map.of(), Map.of("db/keel_content_task.csv",
                ("batch_id,spec\nleaky,\"{\"\"inline\"\":\"\"use " + key + "\"\"}\"\n").getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(dev.keel.secrets.SecretLeakException.class)
                .hasMessageContaining("db/keel_content_task.csv: anthropic-api-key at line 2").hasMessageNotContaining(key);
        assertThat(target).doesNotExist();
        assertThat(Files2.listAll(home.resolve("backups"))).isEmpty();
        assertThat(Files2.listAll(home.resolve("quarantine"))).anyMatch(f -> f.endsWith(target.getFileName() + ".reason.txt"));
    }

    @Test
    void oneFlippedByteFailsVerifyNamingTheEntry() throws Exception {
        Path zip = backup();
        byte[] bytes = Files.readAllBytes(zip);
        int at = offsetInside(zip, "prompts/brief.md");
        bytes[at] ^= 0x01;
        Path damaged = Files.write(home.resolve("damaged.zip"), bytes);

        Backups.Verification result = Backups.verify(damaged);

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).anyMatch(p -> p.startsWith("prompts/brief.md"));
        assertThatThrownBy(() -> Backups.restore(damaged, home.resolve("never"))).hasMessageContaining("prompts/brief.md");
        assertThat(home.resolve("never")).doesNotExist();
    }

    @Test
    void aBackupWithoutItsManifestOrWithAnExtraEntryDoesNotVerify() throws Exception {
        Path plain = home.resolve("plain.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(plain))) {
            out.putNextEntry(new ZipEntry("ops/x.md"));
            out.write("x".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }

        assertThat(Backups.verify(plain).problems()).containsExactly(Backups.MANIFEST + " is missing");
        Path broken = home.resolve("broken.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(broken))) {
            out.putNextEntry(new ZipEntry(Backups.MANIFEST));
            out.write("short line\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        assertThat(Backups.verify(broken).problems()).singleElement().asString().contains("is not '<sha256>  <entry>'");
    }

    @Test
    void restoreRefusesEntriesThatLeaveTheTarget() throws Exception {
        Path evil = home.resolve("evil.zip");
        String manifest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("x".getBytes(StandardCharsets.UTF_8))) + "  ../outside.txt\n";
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(evil))) {
            out.putNextEntry(new ZipEntry("../outside.txt"));
            out.write("x".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry(Backups.MANIFEST));
            out.write(manifest.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }

        assertThat(Backups.verify(evil).problems()).containsExactly("../outside.txt: a path that leaves the backup");
        assertThatThrownBy(() -> Backups.restore(evil, home.resolve("t"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a path that leaves the backup");
        assertThat(home.resolve("outside.txt")).doesNotExist();
    }

    /** The offset of an entry's stored bytes in the zip file (entries are deflated; a flipped bit breaks them). */
    private static int offsetInside(Path zip, String entry) throws Exception {
        byte[] bytes = Files.readAllBytes(zip);
        byte[] name = entry.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i < bytes.length - name.length; i++) {
            for (int j = 0; j < name.length; j++) {
                if (bytes[i + j] != name[j]) {
                    continue outer;
                }
            }
            return i + name.length + 2;
        }
        throw new IllegalStateException(entry + " not found");
    }
}
