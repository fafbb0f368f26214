package dev.keel.export;

import com.vladsch.flexmark.ext.autolink.AutolinkExtension;
import com.vladsch.flexmark.ext.footnotes.FootnoteExtension;
import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.ext.gfm.tasklist.TaskListExtension;
import com.vladsch.flexmark.ext.tables.TableBlock;
import com.vladsch.flexmark.ext.tables.TableCell;
import com.vladsch.flexmark.ext.tables.TableSeparator;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.ext.yaml.front.matter.YamlFrontMatterBlock;
import com.vladsch.flexmark.ext.yaml.front.matter.YamlFrontMatterExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.data.MutableDataSet;
import dev.keel.storage.RejectedInputException;
import dev.keel.storage.TextInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Markdown to HTML with flexmark: CommonMark plus GFM tables, task lists, strikethrough, autolinks,
 * footnotes, YAML front matter and heading ids. The HTML is then made safe to render: task-list
 * boxes become glyphs, images are read from the inbox (a missing one becomes a visible placeholder
 * and a warning), and elements that would load something from elsewhere are dropped.
 */
public final class MarkdownRenderer {

    private static final String KEY = "\\s*[A-Za-z_][\\w .-]*:(\\s.*)?";
    private static final String DROPPED = "script, style, link, iframe, object, embed, frame, frameset, base, meta, form, input,"
            + " button, select, textarea, video, audio, source, svg, math";

    /** Far more than any real document nests, far less than what overflows a default thread stack. */
    static final int MAX_DEPTH = 100;

    private final Parser parser;
    private final Parser withoutFrontMatter;
    private final HtmlRenderer renderer;
    private final int maxTableCells;

    public MarkdownRenderer(int maxTableCells) {
        MutableDataSet options = new MutableDataSet()
                .set(Parser.EXTENSIONS, List.of(TablesExtension.create(), TaskListExtension.create(), StrikethroughExtension.create(),
                        AutolinkExtension.create(), FootnoteExtension.create(), YamlFrontMatterExtension.create()))
                .set(TablesExtension.COLUMN_SPANS, false)
                .set(TablesExtension.APPEND_MISSING_COLUMNS, true)
                .set(TablesExtension.DISCARD_EXTRA_COLUMNS, true)
                .set(TablesExtension.HEADER_SEPARATOR_COLUMN_MATCH, true)
                .set(HtmlRenderer.GENERATE_HEADER_ID, true)
                .set(HtmlRenderer.RENDER_HEADER_ID, true);
        this.parser = Parser.builder(options).build();
        this.withoutFrontMatter = Parser.builder(new MutableDataSet(options).set(Parser.EXTENSIONS, List.of(TablesExtension.create(),
                TaskListExtension.create(), StrikethroughExtension.create(), AutolinkExtension.create(), FootnoteExtension.create()))).build();
        this.renderer = HtmlRenderer.builder(options).build();
        this.maxTableCells = maxTableCells;
    }

    public RenderedDocument render(Source source) {
        if (source.text().isBlank()) {
            throw new RejectedInputException(source.name() + " is empty: there is nothing to export");
        }
        Document ast = parse(parser, source);
        if (ast.getFirstChild() instanceof YamlFrontMatterBlock block && !block.getChars().toString().lines().anyMatch(l -> l.matches(KEY))) {
            // "---", text, "---" with no "key:" line is a rule and a heading in CommonMark, not front matter
            ast = parse(withoutFrontMatter, source);
        }
        FrontMatter meta = frontMatter(source, ast);
        checkTables(source, ast);
        PageBreaks.mark(ast);
        // flexmark assigns heading ids while rendering, so headings are read from the HTML afterwards
        org.jsoup.nodes.Document html = Jsoup.parseBodyFragment(renderer.render(ast));
        html.outputSettings().prettyPrint(false);
        List<String> warnings = new ArrayList<>();
        html.select(DROPPED).forEach(e -> {
            if (!e.tagName().equals("input")) {
                e.remove();
            }
        });
        taskBoxes(html);
        Map<String, Image> images = images(source, html, warnings);
        return new RenderedDocument(source, meta, ast, html, headings(html), images, List.copyOf(warnings));
    }

    /**
     * flexmark parses, post-processes and renders by recursion, so quotes, lists or emphasis nested thousands deep
     * overflow the stack: an overflow while parsing, or a tree deeper than {@link #MAX_DEPTH}, refuses the document.
     */
    private static Document parse(Parser parser, Source source) {
        Document ast;
        try {
            ast = parser.parse(source.text());
        } catch (StackOverflowError e) {
            throw tooDeep(source);
        }
        if (depth(ast) > MAX_DEPTH) {
            throw tooDeep(source);
        }
        return ast;
    }

    private static RejectedInputException tooDeep(Source source) {
        return new RejectedInputException(source.name() + " is nested deeper than " + MAX_DEPTH
                + " levels (quotes, lists or emphasis inside each other); flatten it to export it");
    }

    /** The depth of the tree, walked without recursion. */
    static int depth(Node root) {
        int deepest = 0;
        java.util.ArrayDeque<Node> nodes = new java.util.ArrayDeque<>(List.of(root));
        java.util.ArrayDeque<Integer> depths = new java.util.ArrayDeque<>(List.of(0));
        while (!nodes.isEmpty()) {
            Node node = nodes.pop();
            int depth = depths.pop();
            deepest = Math.max(deepest, depth);
            for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                nodes.push(child);
                depths.push(depth + 1);
            }
        }
        return deepest;
    }

    private static FrontMatter frontMatter(Source source, Document ast) {
        Node first = ast.getFirstChild();
        if (!(first instanceof YamlFrontMatterBlock block)) {
            return FrontMatter.NONE;
        }
        List<String> lines = new ArrayList<>(block.getChars().toString().lines().toList());
        lines.remove(0);
        if (!lines.isEmpty() && lines.get(lines.size() - 1).strip().matches("---|\\.\\.\\.")) {
            lines.remove(lines.size() - 1);
        }
        block.unlink();
        return FrontMatter.of(TextInput.yamlMapping(source.name(), "the front matter", String.join("\n", lines)));
    }

    private void checkTables(Source source, Document ast) {
        int cells = 0;
        for (Node table : ast.getDescendants()) {
            if (table instanceof TableBlock) {
                int here = 0;
                for (Node n : table.getDescendants()) {
                    if (n instanceof TableCell && n.getAncestorOfType(TableSeparator.class) == null) {
                        here++;
                    }
                }
                cells += here;
                if (cells > maxTableCells) {
                    throw new RejectedInputException(source.name() + ": the table at line " + (table.getStartLineNumber() + 1)
                            + " brings the document to " + cells + " table cells, over the limit of " + maxTableCells
                            + " (keel.export.max-table-cells); split the table or the document");
                }
            }
        }
    }

    /** openhtmltopdf draws no form controls, so a task's box is a glyph. */
    private static void taskBoxes(org.jsoup.nodes.Document html) {
        for (Element box : html.select("input[type=checkbox]")) {
            box.replaceWith(new Element("span").addClass("task-box").text(box.hasAttr("checked") ? "\u2611" : "\u2610"));
        }
        html.select("input").remove();
    }

    private static Map<String, Image> images(Source source, org.jsoup.nodes.Document html, List<String> warnings) {
        Map<String, Image> images = new LinkedHashMap<>();
        for (Element img : html.select("img")) {
            String url = img.attr("src");
            Images.Found found = Images.load(url, source);
            if (found.image() == null) {
                warnings.add(source.name() + ": " + found.problem() + "; a placeholder is shown instead");
                img.replaceWith(new Element("span").addClass("missing-image")
                        .text("[image: " + (img.attr("alt").isBlank() ? url : img.attr("alt")) + " \u2014 " + found.problem() + "]"));
            } else {
                images.put(url, found.image());
                img.attr("src", found.image().dataUri());
            }
        }
        return images;
    }

    private static List<Heading> headings(org.jsoup.nodes.Document html) {
        List<Heading> headings = new ArrayList<>();
        int n = 0;
        for (Element h : html.select("h1, h2, h3, h4, h5, h6")) {
            n++;
            if (h.id().isBlank()) {
                h.id("section-" + n);
            }
            headings.add(new Heading(h.tagName().charAt(1) - '0', h.id(), h.text()));
        }
        return headings;
    }
}
