package dev.keel.export;

import com.vladsch.flexmark.ast.HtmlBlock;
import com.vladsch.flexmark.ast.HtmlCommentBlock;
import com.vladsch.flexmark.ast.Paragraph;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.sequence.BasedSequence;
import java.util.ArrayList;
import java.util.List;

/**
 * The page-break marker: a line {@code <!-- pagebreak -->} or {@code \newpage} on its own, between
 * blocks. It becomes an empty {@code div.page-break} in the HTML and a page break in the DOCX.
 */
final class PageBreaks {

    static final String HTML = "<div class=\"page-break\"></div>\n";

    private PageBreaks() {
    }

    /** Replaces every top-level marker by the page-break block. */
    static void mark(Document document) {
        List<Node> markers = new ArrayList<>();
        for (Node block : document.getChildren()) {
            String text = block.getChars().toString().strip();
            boolean comment = block instanceof HtmlCommentBlock && text.replaceAll("\\s+", "").equalsIgnoreCase("<!--pagebreak-->");
            boolean newpage = block instanceof Paragraph && text.equals("\\newpage");
            if (comment || newpage) {
                markers.add(block);
            }
        }
        for (Node marker : markers) {
            BasedSequence html = BasedSequence.of(HTML);
            marker.insertBefore(new HtmlBlock(html, List.of(html)));
            marker.unlink();
        }
    }

    static boolean is(Node node) {
        return node instanceof HtmlBlock && node.getChars().toString().equals(HTML);
    }
}
