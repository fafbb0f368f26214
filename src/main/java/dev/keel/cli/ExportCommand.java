package dev.keel.cli;

import dev.keel.Keel;
import dev.keel.boot.ConfigException;
import dev.keel.boot.KeelSettings;
import dev.keel.export.ExportBundle;
import dev.keel.export.ExportRequests;
import dev.keel.export.Exporter;
import dev.keel.export.ExportSettings;
import dev.keel.export.FontLibrary;
import dev.keel.export.Format;
import dev.keel.storage.RejectedInputException;
import dev.keel.storage.StorageLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code keel export}: the export workflow without the inbox, for a Markdown file, a folder of them
 * or a manifest; prints what it wrote and how fast. Exit 0 when every document exported, 1 when not.
 */
@Command(name = "export", description = "Export Markdown files, a folder of them or a bundle manifest to PDF/DOCX bundles.")
public final class ExportCommand implements Callable<Integer> {

    @ParentCommand
    Keel parent;

    @Parameters(arity = "1..*", paramLabel = "<file|folder>", description = "a .md file, a folder of .md files, or a manifest .yaml")
    List<Path> inputs;

    @Option(names = "--out", description = "folder the bundles go to (default: outbox/export)")
    Path out;

    @Option(names = "--formats", description = "formats for .md files, e.g. pdf,docx,html (default: keel.export.formats)")
    String formats;

    @Option(names = "--repeat", defaultValue = "1", description = "export everything this many times (the later runs are warm)")
    int repeat;

    @Option(names = "--parallel", description = "documents exported at once (default: the number of cores)")
    int parallel = Runtime.getRuntime().availableProcessors();

    /** One file's export: documents, pages, problems (empty when none) and the line to print. */
    private static String[] exportOne(Exporter exporter, Path file, Set<Format> wanted) throws IOException {
        StringBuilder problems = new StringBuilder();
        try {
            ExportBundle.Result result = exporter.export(ExportRequests.of(file.getFileName().toString(), Files.readAllBytes(file),
                    file.toAbsolutePath().getParent(), wanted));
            result.warnings().forEach(w -> System.err.println("warning: " + w));
            result.failures().forEach(f -> problems.append("failed: ").append(f).append('\n'));
            return new String[] {String.valueOf(result.documents()), String.valueOf(result.pages()), problems.toString(),
                    file + " -> " + (result.folder() == null ? "nothing" : result.folder())};
        } catch (RejectedInputException e) {
            return new String[] {"0", "0", "refused: " + e.getMessage() + "\n", ""};
        }
    }

    private static String[] join(java.util.concurrent.Future<String[]> outcome) throws IOException {
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public Integer call() throws IOException {
        KeelSettings settings = Keel.toolSettings(parent);
        if (settings == null) {
            return Keel.CONFIG_ERROR;
        }
        ExportSettings export;
        Set<Format> wanted;
        try {
            export = ExportSettings.from(settings);
            wanted = formats == null ? export.formats() : Format.parse(formats);
        } catch (ConfigException e) {
            return Keel.configError(e.getMessage());
        } catch (IllegalArgumentException e) {
            return Keel.configError("--formats '" + formats + "' " + e.getMessage());
        }
        StorageLayout layout = StorageLayout.from(settings);
        Path target = out != null ? out.toAbsolutePath() : layout.outbox().resolve("export");
        FontLibrary.locate(export.fontDirs()).boxes().forEach(line -> System.err.println("fonts: " + line));
        Exporter exporter = new Exporter(export, target, layout.opsFile("configs", "EXPORT_PIPELINE.md"), Clock.systemUTC());
        List<Path> files = files();
        boolean ok = true;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, parallel));
        CpuTime cpu = new CpuTime();
        try {
            for (int run = 1; run <= Math.max(1, repeat); run++) {
                long start = System.nanoTime();
                CpuTime.Mark mark = cpu.mark();
                List<java.util.concurrent.Future<String[]>> outcomes = new java.util.ArrayList<>();
                for (Path file : files) {
                    outcomes.add(pool.submit(() -> cpu.counted(() -> exportOne(exporter, file, wanted))));
                }
                int documents = 0;
                int pages = 0;
                for (java.util.concurrent.Future<String[]> outcome : outcomes) {
                    String[] done = join(outcome);
                    documents += Integer.parseInt(done[0]);
                    pages += Integer.parseInt(done[1]);
                    ok &= done[2].isEmpty();
                    if (repeat == 1 && !done[3].isEmpty()) {
                        System.out.println(done[3]);
                    }
                    if (!done[2].isEmpty()) {
                        System.err.print(done[2]);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("run %d: %d documents, %d PDF pages in %.3f s: %.1f documents/s, %.1f ms per document, %.1f pages/s"
                                + "; %s%n", run, documents, pages, seconds, documents / seconds, seconds * 1000 / Math.max(1, documents),
                        pages / seconds, mark.perDocument(Math.max(1, documents)));
            }
        } finally {
            pool.shutdownNow();
        }
        return ok ? 0 : 1;
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> list = Files.list(input)) {
                    list.filter(p -> p.getFileName().toString().matches("(?i)[^.].*\\.(md|markdown)")).sorted().forEach(files::add);
                }
            } else {
                files.add(input);
            }
        }
        return files;
    }
}
