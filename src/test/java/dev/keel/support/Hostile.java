package dev.keel.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The hostile inputs of src/test/resources/hostile/http (README.md there says what each one is). */
public final class Hostile {

    private Hostile() {
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Hostile.class.getResourceAsStream("/hostile/http/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file hostile/http/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
