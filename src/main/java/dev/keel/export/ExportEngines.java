package dev.keel.export;

/** The export's renderers and registries, made together on the first export (fonts found, flexmark built). */
public record ExportEngines(MarkdownRenderer markdown, FontLibrary fonts, PdfRenderer pdf, DocxRenderer docx, ExportTemplates templates) {

    static ExportEngines create(ExportSettings settings) {
        FontLibrary fonts = FontLibrary.locate(settings.fontDirs());
        return new ExportEngines(new MarkdownRenderer(settings.maxTableCells()), fonts, new PdfRenderer(fonts), new DocxRenderer(),
                new ExportTemplates(settings.templates()));
    }
}
