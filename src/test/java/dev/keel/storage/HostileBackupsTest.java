package dev.keel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keel.support.Files2;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The backup cases of the hostile corpus (src/test/resources/hostile/backup): zips built here, entries of
 * zeros so they are small on disk, each refused by verify with its reason and by restore before it writes.
 */
class HostileBackupsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TestFactory
    Stream<DynamicTest> everyBackupCaseIsRefusedByVerifyAndRestore() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/hostile/backup"))) {
            cases = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(3);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> run(c)));
    }

    private static void run(Path file) throws Exception {
        JsonNode c = YAML.readTree(file.toFile());
        Path home = Files2.freshHome("hostile-backup-" + file.getFileName().toString().replace(".yaml", ""));
        Path zip = build(home.resolve("keel-20261201-020000.zip"), c);
        assertThat(Files.size(zip)).as("small on disk").isLessThan(8L << 20);

        Backups.Verification verification = Backups.verify(zip);
        assertThat(verification.ok()).isFalse();
        assertThat(verification.problems()).anyMatch(p -> p.contains(c.path("expect-problem").asText()));

        Path target = home.resolve("restored");
        assertThatThrownBy(() -> Backups.restore(zip, target)).hasMessageContaining(c.path("expect-problem").asText());
        assertThat(Files2.listAll(target)).as("restore wrote nothing").isEmpty();
        Files2.deleteTree(home);
    }

    /** The case's entries (text, or that many zero bytes), then a manifest of the last copy of each name if asked. */
    private static Path build(Path target, JsonNode c) throws Exception {
        Map<String, String> manifest = new LinkedHashMap<>();
        Map<String, String> renames = new LinkedHashMap<>();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (JsonNode e : c.path("entries")) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                String name = e.path("name").asText();
                if (manifest.containsKey(name)) {
                    // ZipOutputStream refuses a second entry of one name: write a stand-in of the same length, renamed below
                    String standIn = name.substring(0, name.length() - 2) + "#" + renames.size();
                    renames.put(standIn, name);
                    name = standIn;
                }
                zip.putNextEntry(new ZipEntry(name));
                if (e.has("zeros")) {
                    writeZeros(zip, sha, e.path("zeros").asLong());
                } else {
                    byte[] bytes = e.path("text").asText().getBytes(StandardCharsets.UTF_8);
                    zip.write(bytes);
                    sha.update(bytes);
                }
                zip.closeEntry();
                manifest.put(e.path("name").asText(), HexFormat.of().formatHex(sha.digest()));
            }
            if (c.path("manifest").asBoolean()) {
                StringBuilder lines = new StringBuilder();
                manifest.forEach((name, sha) -> lines.append(sha).append("  ").append(name).append('\n'));
                zip.putNextEntry(new ZipEntry(Backups.MANIFEST));
                zip.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            rename(target, rename.getKey(), rename.getValue());
        }
        return target;
    }

    /** Rewrites a name in the zip's local header and central directory (same length, so offsets hold). */
    private static void rename(Path zip, String from, String to) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        byte[] a = from.getBytes(StandardCharsets.UTF_8);
        byte[] b = to.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + a.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, bytes, i, b.length);
            }
        }
        Files.write(zip, bytes);
    }

    private static void writeZeros(OutputStream out, MessageDigest sha, long count) throws IOException {
        byte[] zeros = new byte[1 << 20];
        for (long left = count; left > 0; left -= zeros.length) {
            int n = (int) Math.min(zeros.length, left);
            out.write(zeros, 0, n);
            sha.update(zeros, 0, n);
        }
    }
}
