import dev.keel.export.Cover;
import dev.keel.export.DocxRenderer;
import dev.keel.export.ExportTemplate;
import dev.keel.export.ExportTemplates;
import dev.keel.export.FontLibrary;
import dev.keel.export.HtmlPage;
import dev.keel.export.MarkdownRenderer;
import dev.keel.export.PdfRenderer;
import dev.keel.export.RenderedDocument;
import dev.keel.export.Source;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * CPU time per document and per phase for bench/export.sh, so a figure survives a shared machine:
 * one thread renders the corpus PASSES times (Markdown → HTML page → PDF, and DOCX), each phase timed
 * with this thread's CPU time (ThreadMXBean) and wall time; the whole process's CPU time (JIT and GC
 * threads included) is taken per pass from /proc/self/stat's view through the OS MXBean.
 * Prints one line per pass and, for passes after the first WARM, the medians.
 * Usage: java -cp target/keel.jar bench/ExportBench.java CORPUS_DIR [PASSES] [WARM] [FONT_DIRS]
 */
public class ExportBench {

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Path> fontDirs = Arrays.stream((args.length > 3 ? args[3] : "/usr/share/fonts").split(",")).map(Path::of).toList();
        List<Path> files;
        try (var list = Files.list(corpus)) {
            files = list.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        MarkdownRenderer markdown = new MarkdownRenderer(20_000);
        FontLibrary fonts = FontLibrary.locate(fontDirs);
        PdfRenderer pdf = new PdfRenderer(fonts);
        DocxRenderer docx = new DocxRenderer();
        ExportTemplate template = new ExportTemplates(Path.of("templates/export")).get(null);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String[] phases = {"markdown", "page", "pdf", "docx", "document"};
        List<double[]> cpu = new ArrayList<>();
        List<double[]> wall = new ArrayList<>();
        List<Double> process = new ArrayList<>();
        for (int pass = 1; pass <= passes; pass++) {
            double[] c = new double[phases.length];
            double[] w = new double[phases.length];
            long processStart = os.getProcessCpuTime();
            int pages = 0;
            for (Path file : files) {
                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                RenderedDocument doc = markdown.render(new Source(file.getFileName().toString(), Files.readString(file), corpus, corpus));
                long c1 = threads.getCurrentThreadCpuTime();
                long w1 = System.nanoTime();
                Cover cover = new Cover(doc.title(), doc.meta().subtitle(), doc.meta().author(), doc.meta().date());
                var page = HtmlPage.compose(template, cover, true, true, List.of(doc));
                long c2 = threads.getCurrentThreadCpuTime();
                long w2 = System.nanoTime();
                pages += pdf.render(page).pages();
                long c3 = threads.getCurrentThreadCpuTime();
                long w3 = System.nanoTime();
                docx.render(doc, cover, template);
                long c4 = threads.getCurrentThreadCpuTime();
                long w4 = System.nanoTime();
                long[] cs = {c0, c1, c2, c3, c4};
                long[] ws = {w0, w1, w2, w3, w4};
                for (int i = 0; i < 4; i++) {
                    c[i] += (cs[i + 1] - cs[i]) / 1e6 / files.size();
                    w[i] += (ws[i + 1] - ws[i]) / 1e6 / files.size();
                }
                c[4] += (c4 - c0) / 1e6 / files.size();
                w[4] += (w4 - w0) / 1e6 / files.size();
            }
            double proc = (os.getProcessCpuTime() - processStart) / 1e6 / files.size();
            System.out.printf(Locale.ROOT, "pass %d: %d documents, %d PDF pages; per document CPU %s; wall %s; process CPU %.1f ms%n", pass,
                    files.size(), pages, line(phases, c), line(phases, w), proc);
            if (pass > warm) {
                cpu.add(c);
                wall.add(w);
                process.add(proc);
            }
        }
        double[] mc = new double[phases.length];
        double[] mw = new double[phases.length];
        for (int i = 0; i < phases.length; i++) {
            int k = i;
            mc[i] = median(cpu.stream().map(a -> a[k]).toList());
            mw[i] = median(wall.stream().map(a -> a[k]).toList());
        }
        threadsByCpu();
        System.out.printf(Locale.ROOT, "median of passes %d-%d, per document: CPU %s; wall %s; process CPU %.1f ms%n", warm + 1, passes,
                line(phases, mc), line(phases, mw), median(process));
    }

    /** Where the process's CPU went, by thread name (Linux /proc; JIT compiler and GC threads are not Java threads). */
    private static void threadsByCpu() throws Exception {
        java.util.Map<String, Long> ticks = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+$", "#");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (java.io.IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        StringBuilder s = new StringBuilder("process CPU by thread, whole run (s):");
        ticks.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> s.append(' ').append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.1f", e.getValue() / 100.0)));
        System.out.println(s);
    }

    private static String line(String[] names, double[] ms) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            s.append(i == 0 ? "" : ", ").append(names[i]).append(' ').append(String.format(Locale.ROOT, "%.1f", ms[i])).append(" ms");
        }
        return s.toString();
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
