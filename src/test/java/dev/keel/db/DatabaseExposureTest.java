package dev.keel.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.support.Files2;
import dev.keel.support.HoldDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * #16 item 1: Keel's default database, held open by another JVM started under umask 022 as `keel run`
 * would: its AUTO_SERVER port is on loopback only, it has a generated password, its files are owner-only,
 * and a tool in this JVM still opens the same database through it.
 */
class DatabaseExposureTest {

    @Test
    void theLiveDatabaseListensOnLoopbackOnlyWithAGeneratedPasswordAndOwnerOnlyFiles() throws Exception {
        Path home = Files2.freshHome("db-exposure");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process keel = new ProcessBuilder("sh", "-c", "umask 022 && exec \"$0\" -cp \"$1\" " + HoldDatabase.class.getName() + " \"$2\"",
                java, System.getProperty("java.class.path"), home.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(keel.getInputStream()));
            String line;
            while ((line = out.readLine()) != null && !line.equals("open")) {
                System.out.println("[held JVM] " + line);
            }
            assertThat(line).as("the other JVM opened the database").isEqualTo("open");

            Properties lock = new Properties();
            try (Reader r = Files.newBufferedReader(home.resolve("data/keel.lock.db"))) {
                lock.load(r);
            }
            String server = lock.getProperty("server");
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            assertThat(InetAddress.getByName(server.substring(0, server.lastIndexOf(':'))).isLoopbackAddress())
                    .as("the address AUTO_SERVER wrote in the lock file (%s) is loopback", server).isTrue();
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
            Optional<InetAddress> outside = nonLoopbackAddress();
            if (outside.isPresent()) {
                assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(outside.get(), port), 2000);
                    }
                }).as("nothing listens on %s:%d", outside.get().getHostAddress(), port).isInstanceOf(ConnectException.class);
            }

            Path secret = home.resolve("secrets/keel-db-password");
            assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(home.resolve("secrets"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(home.resolve("data"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.readString(secret).strip()).hasSizeGreaterThanOrEqualTo(32);

            String url = "jdbc:h2:file:" + home.resolve("data/keel") + ";AUTO_SERVER=TRUE";
            assertThatThrownBy(() -> DriverManager.getConnection(url, "keel", "").close())
                    .as("the empty password of before is refused").isInstanceOf(SQLException.class);
            try (KeelDatabase tool = KeelDatabase.open(HoldDatabase.settings(home));
                 Connection c = tool.dataSource().getConnection()) {
                assertThat(c.createStatement().executeQuery("SELECT COUNT(*) FROM keel_intake_key").next())
                        .as("a tool opens the same database while it is held").isTrue();
            }
        } finally {
            keel.getOutputStream().close();
            if (!keel.waitFor(20, TimeUnit.SECONDS)) {
                keel.destroy();
            }
        }
    }

    @Test
    void aPasswordlessDatabaseFromBeforeGetsTheGeneratedPassword() throws Exception {
        Path home = Files2.freshHome("db-upgrade");
        String url = "jdbc:h2:file:" + home.resolve("data/keel");
        DriverManager.getConnection(url, "keel", "").close();

        KeelDatabase.open(HoldDatabase.settings(home)).close();

        assertThatThrownBy(() -> DriverManager.getConnection(url, "keel", "").close()).isInstanceOf(SQLException.class);
        DriverManager.getConnection(url, "keel", Files.readString(home.resolve("secrets/keel-db-password")).strip()).close();
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
