package dev.keel.content.safety;

import dev.keel.content.qa.QaRules;
import dev.keel.boot.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** safety.yaml, read and checked: the safety policy and the QA gate's rules. */
public record SafetyConfig(SafetyPolicy policy, QaRules qa) {

    /** The file (ops/configs/safety.yaml) over the built-in defaults, or the built-in copy alone when it does not exist. */
    public static SafetyConfig load(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return of(SafetyYaml.builtIn());
        }
        try (InputStream in = Files.newInputStream(file)) {
            return of(SafetyYaml.over(in, file.toString()));
        } catch (IOException e) {
            throw new ConfigException(SafetyYaml.KEY, "cannot read " + file + ": " + e.getMessage());
        }
    }

    public static SafetyConfig builtIn() {
        return of(SafetyYaml.builtIn());
    }

    public static SafetyConfig parse(InputStream in, String source) {
        return of(SafetyYaml.over(in, source));
    }

    private static SafetyConfig of(SafetyYaml yaml) {
        return new SafetyConfig(SafetyPolicy.from(yaml), QaRules.from(yaml));
    }
}
