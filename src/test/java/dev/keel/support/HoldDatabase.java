package dev.keel.support;

import dev.keel.boot.KeelSettings;
import dev.keel.db.KeelDatabase;
import java.nio.file.Path;
import java.util.Map;

/** A second JVM holding Keel's default database open, as `keel run` does, until its stdin closes. */
public final class HoldDatabase {

    private HoldDatabase() {
    }

    public static void main(String[] args) throws Exception {
        try (KeelDatabase db = KeelDatabase.open(settings(Path.of(args[0])))) {
            db.dataSource().getConnection().close();
            System.out.println("open");
            System.out.flush();
            while (System.in.read() >= 0) {
                // held until the test closes our stdin
            }
        }
    }

    /** Keel's default database settings in {@code home}: the H2 file with AUTO_SERVER, no password variable set. */
    public static KeelSettings settings(Path home) {
        return KeelSettings.of(Map.of("keel.home", home.toString(), "keel.db.url", "jdbc:h2:file:./data/keel;AUTO_SERVER=TRUE",
                "keel.db.user", "keel", "keel.db.password-env", "KEEL_TEST_NO_PASSWORD"));
    }
}
