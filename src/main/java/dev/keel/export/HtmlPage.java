package dev.keel.export;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Puts one or more rendered documents on one page for the PDF (and the HTML output): the template's
 * stylesheet, a running header, an optional title page and table of contents (page numbers come from
 * the stylesheet's target-counter), PDF bookmarks from the headings, and each document as an
 * article. With several documents, ids are prefixed per document so links stay inside their own.
 */
public final class HtmlPage {

    static final int TOC_DEPTH = 3;

    /** A TOC line: the heading, with its id as it is on the page. */
    public record Entry(int level, String id, String text) {
    }

    private HtmlPage() {
    }

    public static Document compose(ExportTemplate template, Cover cover, boolean withCover, boolean withToc,
                                   List<RenderedDocument> documents) {
        Document page = Document.createShell("");
        page.outputSettings().prettyPrint(false).syntax(Document.OutputSettings.Syntax.xml);
        page.head().appendElement("meta").attr("charset", "utf-8");
        page.head().appendElement("title").text(cover.title());
        if (cover.author() != null) {
            page.head().appendElement("meta").attr("name", "author").attr("content", cover.author());
        }
        page.head().appendElement("style").appendChild(new org.jsoup.nodes.DataNode(template.css()));
        Element body = page.body();
        // the running header sits inside the title page (which hides it), else a named page would break before it
        Element first = withCover ? body.appendElement("section").addClass("cover") : body;
        first.appendElement("div").addClass("running-header").text(cover.title());
        if (withCover) {
            cover(first, cover);
        }
        Element toc = withToc ? body.appendElement("nav").addClass("toc") : null;
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            String prefix = documents.size() > 1 ? "d" + (i + 1) + "-" : "";
            Element article = body.appendElement("article").addClass("document").id("document-" + (i + 1));
            for (org.jsoup.nodes.Node node : documents.get(i).html().body().clone().childNodes()) {
                article.appendChild(node);
            }
            if (!prefix.isEmpty()) {
                article.select("[id]").forEach(e -> e.id(prefix + e.id()));
                article.select("a[href^=#]").forEach(a -> a.attr("href", "#" + prefix + a.attr("href").substring(1)));
            }
            for (Heading h : documents.get(i).headings()) {
                entries.add(new Entry(h.level(), prefix + h.id(), h.text()));
            }
        }
        if (toc != null) {
            toc(toc, entries);
        }
        bookmarks(page.head().appendElement("bookmarks"), entries);
        return page;
    }

    private static void cover(Element section, Cover cover) {
        section.appendElement("div").addClass("cover-title").text(cover.title());
        if (cover.subtitle() != null) {
            section.appendElement("div").addClass("cover-subtitle").text(cover.subtitle());
        }
        if (cover.author() != null) {
            section.appendElement("div").addClass("cover-author").text(cover.author());
        }
        if (cover.date() != null) {
            section.appendElement("div").addClass("cover-date").text(cover.date());
        }
    }

    private static void toc(Element nav, List<Entry> entries) {
        nav.appendElement("div").addClass("toc-title").text("Contents");
        Element list = nav.appendElement("ul");
        for (Entry e : entries) {
            if (e.level() <= TOC_DEPTH) {
                list.appendElement("li").addClass("toc-level-" + e.level())
                        .appendElement("a").attr("href", "#" + e.id()).text(e.text());
            }
        }
    }

    /** openhtmltopdf turns {@code <bookmarks>} in the head into the PDF outline; nesting follows heading levels. */
    private static void bookmarks(Element root, List<Entry> entries) {
        Deque<Element> open = new ArrayDeque<>();
        Deque<Integer> levels = new ArrayDeque<>();
        for (Entry e : entries) {
            while (!levels.isEmpty() && levels.peek() >= e.level()) {
                levels.pop();
                open.pop();
            }
            Element parent = open.isEmpty() ? root : open.peek();
            Element mark = parent.appendElement("bookmark").attr("name", e.text()).attr("href", "#" + e.id());
            open.push(mark);
            levels.push(e.level());
        }
    }
}
