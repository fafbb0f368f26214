package dev.keel.export;

import dev.keel.storage.Backups;
import dev.keel.secrets.Publisher;
import dev.keel.storage.RejectedInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an export bundle: {@code <outbox>/<output>/} with each document's PDF, DOCX and HTML (as
 * asked), a combined PDF for a manifest, EXPORT.md (files, warnings, failures), and
 * {@code <outbox>/<output>.zip} with a MANIFEST.sha256. A document that fails is reported and the
 * others are still exported. The folder is built under a hidden name and swapped in whole.
 * Renderers and fonts are made on the first export, never at start-up.
 */
public final class Exporter {

    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

    private final ExportSettings settings;
    private final Path outbox;
    private final Path pipelineReport;
    private final java.time.Clock clock;
    private volatile ExportEngines engines;

    /** {@code pipelineReport}: where EXPORT_PIPELINE.md is written when the renderers are made (null: not written). */
    public Exporter(ExportSettings settings, Path outbox, Path pipelineReport, java.time.Clock clock) {
        this.settings = settings;
        this.outbox = outbox;
        this.pipelineReport = pipelineReport;
        this.clock = clock;
    }

    public ExportSettings settings() {
        return settings;
    }

    /** The renderers, made on first use. */
    public ExportEngines engines() {
        ExportEngines e = engines;
        if (e == null) {
            synchronized (this) {
                if (engines == null) {
                    engines = ExportEngines.create(settings);
                    if (pipelineReport != null) {
                        ExportReport.writePipeline(pipelineReport, settings, engines, clock.instant());
                    }
                }
                e = engines;
            }
        }
        return e;
    }

    /** Thread-safe: the renderers hold no per-document state (flexmark's parser and renderer are immutable). */
    public ExportBundle.Result export(ExportBundle bundle) {
        ExportEngines e = engines();
        if (bundle.template() != null) {
            e.templates().get(bundle.template());
        }
        Path staging = outbox.resolve("." + bundle.output() + ".partial-" + UUID.randomUUID());
        List<String> files = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<RenderedDocument> rendered = new ArrayList<>();
        int pages = 0;
        try {
            for (ExportBundle.Part part : bundle.parts()) {
                try {
                    RenderedDocument doc = e.markdown().render(part.loader().load());
                    warnings.addAll(doc.warnings());
                    warnings.addAll(e.fonts().gaps(part.name(), doc.html().text()));
                    pages += writeDocument(e, bundle, doc, staging, files);
                    rendered.add(doc);
                } catch (Exception failure) {
                    String reason = reason(failure);
                    failures.add(reason.startsWith(part.name()) ? reason : part.name() + ": " + reason);
                    if (!(failure instanceof RejectedInputException) && !(failure instanceof IllegalArgumentException)) {
                        LOG.warn("export {}: {} failed", bundle.output(), part.name(), failure);
                    }
                }
            }
            if (bundle.combined() && bundle.formats().contains(Format.PDF) && !rendered.isEmpty()) {
                ExportTemplate template = e.templates().get(bundle.template());
                var page = HtmlPage.compose(template, bundle.cover(), !Boolean.FALSE.equals(bundle.withCover()),
                        !Boolean.FALSE.equals(bundle.toc()), rendered);
                PdfRenderer.Pdf pdf = e.pdf().render(page);
                pages += pdf.pages();
                files.add(publish(staging, bundle.output() + ".pdf", pdf.bytes(), page.text()));
            }
            if (rendered.isEmpty()) {
                return new ExportBundle.Result(bundle.output(), null, null, List.of(), 0, 0, warnings, failures);
            }
            files.add(publish(staging, "EXPORT.md", ExportReport.bundle(bundle, files, warnings, failures).getBytes(), null));
            Path folder = swapIn(staging, outbox.resolve(bundle.output()));
            Path zip = Backups.create(outbox.resolve(bundle.output() + ".zip"), Map.of(bundle.output(), folder), Map.of());
            return new ExportBundle.Result(bundle.output(), folder, zip, List.copyOf(files), rendered.size(), pages, warnings, failures);
        } finally {
            deleteTree(staging);
        }
    }

    private int writeDocument(ExportEngines e, ExportBundle bundle, RenderedDocument doc, Path staging, List<String> files) {
        FrontMatter meta = doc.meta();
        ExportTemplate template = e.templates().get(bundle.template() != null ? bundle.template() : meta.template());
        Cover bundleCover = bundle.cover();
        Cover cover = new Cover(doc.title(), meta.subtitle(), meta.author() != null ? meta.author() : bundleCover == null ? null
                : bundleCover.author(), meta.date() != null ? meta.date() : bundleCover == null ? null : bundleCover.date());
        boolean withCover = meta.cover() != null ? meta.cover() : meta.title() != null;
        boolean withToc = meta.toc() != null ? meta.toc() : bundle.toc() != null ? bundle.toc() : doc.headings().size() >= 3;
        String stem = doc.source().stem();
        int pages = 0;
        var page = HtmlPage.compose(template, cover, withCover, withToc, List.of(doc));
        String shown = page.text();
        if (bundle.formats().contains(Format.PDF)) {
            PdfRenderer.Pdf pdf = e.pdf().render(page);
            pages = pdf.pages();
            files.add(publish(staging, stem + ".pdf", pdf.bytes(), shown));
        }
        if (bundle.formats().contains(Format.DOCX)) {
            files.add(publish(staging, stem + ".docx", e.docx().render(doc, cover, template), shown));
        }
        if (bundle.formats().contains(Format.HTML)) {
            page.select("bookmarks").remove();
            files.add(publish(staging, stem + ".html", ("<!DOCTYPE html>\n" + page.outerHtml()).getBytes(java.nio.charset.StandardCharsets.UTF_8), null));
        }
        return pages;
    }

    private static String publish(Path folder, String name, byte[] bytes, String shownText) {
        if (shownText == null) {
            Publisher.publish(folder.resolve(name), bytes);
        } else {
            Publisher.publish(folder.resolve(name), bytes, shownText);
        }
        return name;
    }

    /** Replaces {@code target} with {@code staging} in two renames; the old folder is removed afterwards. */
    private static Path swapIn(Path staging, Path target) {
        try {
            Path old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the export into " + target + ": " + e.getMessage(), e);
        }
    }

    static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null || root instanceof UncheckedIOException)) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return (message == null || message.isBlank() ? root.getClass().getSimpleName() : message).replace('\n', ' ');
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", root, e.getMessage());
        }
    }
}
