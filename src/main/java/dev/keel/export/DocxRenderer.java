package dev.keel.export;

import com.vladsch.flexmark.ast.BlockQuote;
import com.vladsch.flexmark.ast.BulletList;
import com.vladsch.flexmark.ast.CodeBlock;
import com.vladsch.flexmark.ast.FencedCodeBlock;
import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ast.HtmlBlockBase;
import com.vladsch.flexmark.ast.IndentedCodeBlock;
import com.vladsch.flexmark.ast.ListBlock;
import com.vladsch.flexmark.ast.ListItem;
import com.vladsch.flexmark.ast.OrderedList;
import com.vladsch.flexmark.ast.Paragraph;
import com.vladsch.flexmark.ast.Reference;
import com.vladsch.flexmark.ast.ThematicBreak;
import com.vladsch.flexmark.ext.footnotes.FootnoteBlock;
import com.vladsch.flexmark.ext.gfm.tasklist.TaskListItem;
import com.vladsch.flexmark.ext.tables.TableBlock;
import com.vladsch.flexmark.ext.tables.TableCell;
import com.vladsch.flexmark.ext.tables.TableHead;
import com.vladsch.flexmark.ext.tables.TableRow;
import com.vladsch.flexmark.ext.tables.TableSeparator;
import com.vladsch.flexmark.util.ast.Node;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.apache.poi.xwpf.usermodel.Borders;
import org.apache.poi.xwpf.usermodel.BreakType;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.jsoup.Jsoup;

/**
 * Walks a document's flexmark AST into a .docx built on the template's reference document: headings
 * in Word's Heading1..6 styles, lists with Word numbering, tables with a repeated header row, code in
 * the Source Code style, links as hyperlinks, footnotes as notes at the end, and the title, author
 * and date in the core properties.
 */
public final class DocxRenderer {

    public byte[] render(RenderedDocument document, Cover cover, ExportTemplate template) {
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(template.referenceDocx()));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            while (!doc.getBodyElements().isEmpty()) {
                doc.removeBodyElement(0);
            }
            properties(doc, cover);
            Walk walk = new Walk(doc, document);
            if (document.meta().title() != null) {
                walk.styled("Title").createRun().setText(cover.title());
                if (cover.subtitle() != null) {
                    walk.styled("Subtitle").createRun().setText(cover.subtitle());
                }
            }
            walk.blocks(document.ast(), 0);
            walk.footnotes();
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("DOCX writing failed: " + e.getMessage(), e);
        }
    }

    private static void properties(XWPFDocument doc, Cover cover) {
        var core = doc.getProperties().getCoreProperties();
        core.setTitle(cover.title());
        if (cover.author() != null) {
            core.setCreator(cover.author());
        }
        core.setCreated(Optional.of(created(cover.date())));
    }

    private static Date created(String date) {
        try {
            return Date.from(LocalDate.parse(date == null ? "" : date.strip()).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (RuntimeException e) {
            return new Date();
        }
    }

    /** One document's walk: where paragraphs go, the lists in effect, the footnotes met. */
    private static final class Walk {
        private final XWPFDocument doc;
        private final RenderedDocument document;
        private final DocxLists lists;
        private final DocxInlines inlines;
        private final List<FootnoteBlock> notes = new ArrayList<>();

        Walk(XWPFDocument doc, RenderedDocument document) {
            this.doc = doc;
            this.document = document;
            this.lists = new DocxLists(doc);
            this.inlines = new DocxInlines(document, notes);
        }

        XWPFParagraph styled(String style) {
            XWPFParagraph p = doc.createParagraph();
            p.setStyle(style);
            return p;
        }

        void blocks(Node parent, int quote) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                block(n, quote);
            }
        }

        private void block(Node n, int quote) {
            if (n instanceof Heading h) {
                inlines.add(styled("Heading" + Math.min(h.getLevel(), 6)), h, null);
            } else if (n instanceof Paragraph) {
                inlines.add(styled(quote > 0 ? "Quote" : "Normal"), n, null);
            } else if (n instanceof ListBlock list) {
                list(list, 0, quote);
            } else if (n instanceof FencedCodeBlock || n instanceof IndentedCodeBlock || n instanceof CodeBlock) {
                code(n instanceof FencedCodeBlock f ? f.getContentChars().toString() : n.getChars().toString());
            } else if (n instanceof BlockQuote) {
                blocks(n, quote + 1);
            } else if (n instanceof ThematicBreak) {
                styled("Normal").setBorderBottom(Borders.SINGLE);
            } else if (n instanceof TableBlock table) {
                table(table);
            } else if (PageBreaks.is(n)) {
                styled("Normal").createRun().addBreak(BreakType.PAGE);
            } else if (n instanceof HtmlBlockBase) {
                String text = Jsoup.parse(n.getChars().toString()).text();
                if (!text.isBlank()) {
                    styled("Normal").createRun().setText(text);
                }
            } else if (n instanceof FootnoteBlock note) {
                if (!notes.contains(note)) {
                    notes.add(note);
                }
            } else if (!(n instanceof Reference)) {
                blocks(n, quote);
            }
        }

        private void list(ListBlock list, int level, int quote) {
            boolean ordered = list instanceof OrderedList;
            BigInteger num = lists.start(ordered, ordered ? ((OrderedList) list).getStartNumber() : 1);
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                if (!(item instanceof ListItem)) {
                    continue;
                }
                boolean first = true;
                for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
                    if (child instanceof ListBlock nested) {
                        list(nested, level + 1, quote);
                    } else if (first && child instanceof Paragraph) {
                        XWPFParagraph p = styled("ListParagraph");
                        p.setNumID(num);
                        p.setNumILvl(BigInteger.valueOf(Math.min(level, 8)));
                        String box = item instanceof TaskListItem task ? (task.isItemDoneMarker() ? "\u2611 " : "\u2610 ") : null;
                        inlines.add(p, child, box);
                        first = false;
                    } else {
                        block(child, quote);
                        first = false;
                    }
                }
                if (first) {
                    XWPFParagraph p = styled("ListParagraph");
                    p.setNumID(num);
                    p.setNumILvl(BigInteger.valueOf(Math.min(level, 8)));
                }
            }
        }

        private void code(String text) {
            XWPFParagraph p = styled("SourceCode");
            XWPFRun run = p.createRun();
            String[] lines = text.replaceAll("\n$", "").split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    run.addBreak();
                }
                run.setText(lines[i].replace("\t", "    "), i);
            }
        }

        private void table(TableBlock block) {
            List<TableRow> rows = new ArrayList<>();
            List<Boolean> header = new ArrayList<>();
            for (Node part = block.getFirstChild(); part != null; part = part.getNext()) {
                if (part instanceof TableSeparator) {
                    continue;
                }
                for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
                    if (row instanceof TableRow r) {
                        rows.add(r);
                        header.add(part instanceof TableHead);
                    }
                }
            }
            if (rows.isEmpty()) {
                return;
            }
            int columns = rows.stream().mapToInt(r -> cells(r).size()).max().orElse(1);
            XWPFTable table = doc.createTable(rows.size(), Math.max(columns, 1));
            table.setStyleID("TableGrid");
            table.setWidth("100%");
            for (int r = 0; r < rows.size(); r++) {
                XWPFTableRow row = table.getRow(r);
                if (header.get(r)) {
                    row.setRepeatHeader(true);
                }
                List<TableCell> cells = cells(rows.get(r));
                for (int c = 0; c < cells.size(); c++) {
                    XWPFTableCell cell = row.getCell(c);
                    XWPFParagraph p = cell.getParagraphs().get(0);
                    inlines.add(p, cells.get(c), null);
                    if (header.get(r)) {
                        p.getRuns().forEach(run -> run.setBold(true));
                    }
                }
            }
        }

        private static List<TableCell> cells(TableRow row) {
            List<TableCell> cells = new ArrayList<>();
            for (Node c = row.getFirstChild(); c != null; c = c.getNext()) {
                if (c instanceof TableCell cell) {
                    cells.add(cell);
                }
            }
            return cells;
        }

        void footnotes() {
            if (notes.isEmpty()) {
                return;
            }
            styled("Normal").setBorderTop(Borders.SINGLE);
            for (int i = 0; i < notes.size(); i++) {
                FootnoteBlock note = notes.get(i);
                XWPFParagraph p = styled("FootnoteText");
                XWPFRun mark = p.createRun();
                mark.setText((i + 1) + ". ");
                for (Node child = note.getFirstChild(); child != null; child = child.getNext()) {
                    if (child instanceof Paragraph && p != null) {
                        inlines.add(p, child, null);
                        p = null;
                    } else {
                        block(child, 0);
                    }
                }
            }
        }
    }
}
