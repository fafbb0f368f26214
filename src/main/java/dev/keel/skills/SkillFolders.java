package dev.keel.skills;

import dev.keel.storage.RejectedInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Scaffolds a skill from {@code templates/skills/<template>/} ({@code __NAME__} replaced) and packs one into a zip. */
public final class SkillFolders {

    static final String PLACEHOLDER = "__NAME__";

    private SkillFolders() {
    }

    public static Path create(Path templates, Path skills, String name, String template) {
        if (!SkillRules.NAME.matcher(name).matches() || name.length() > 64) {
            throw new RejectedInputException("skill name '" + name + "' must be 1-64 lowercase letters, digits and single hyphens");
        }
        Path from = templates.resolve(template).normalize();
        if (!from.startsWith(templates) || !Files.isDirectory(from)) {
            throw new RejectedInputException("no template '" + template + "'; there are: " + names(templates));
        }
        Path to = skills.resolve(name);
        if (Files.exists(to)) {
            throw new RejectedInputException(to + " already exists");
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.sorted().toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, Files.readString(source, StandardCharsets.UTF_8).replace(PLACEHOLDER, name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /** The templates' names, sorted. */
    public static List<String> names(Path templates) {
        if (!Files.isDirectory(templates)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(templates)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code <name>.zip} with the skill folder at its root, as skill uploads expect. */
    public static Path pack(Path skill, Path zip) {
        try (Stream<Path> files = Files.walk(skill); OutputStream out = Files.newOutputStream(zip);
             ZipOutputStream z = new ZipOutputStream(out)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                z.putNextEntry(new ZipEntry(skill.getFileName() + "/" + skill.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, z);
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip;
    }
}
