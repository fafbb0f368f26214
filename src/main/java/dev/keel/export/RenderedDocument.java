package dev.keel.export;

import com.vladsch.flexmark.util.ast.Document;
import java.util.List;
import java.util.Map;

/**
 * A Markdown document after parsing: its front matter, the flexmark AST (which the DOCX writer
 * walks), the HTML body (which the PDF and HTML outputs use), its headings and the images it shows
 * (by the URL written in the source), and the warnings rendering raised.
 */
public record RenderedDocument(Source source, FrontMatter meta, Document ast, org.jsoup.nodes.Document html,
                               List<Heading> headings, Map<String, Image> images, List<String> warnings) {

    /** The front matter's title, else the first level-1 heading, else the file name. */
    public String title() {
        if (meta.title() != null) {
            return meta.title();
        }
        return headings.stream().filter(h -> h.level() == 1).map(Heading::text).findFirst().orElse(source.stem());
    }
}
