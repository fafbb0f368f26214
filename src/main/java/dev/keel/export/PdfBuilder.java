package dev.keel.export;

import com.openhtmltopdf.outputdevice.helper.AddedFont;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FSFontUseCase;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.util.Set;

/**
 * openhtmltopdf's builder, able to register an already made PDF font for the fallback use too: its
 * public {@code useFont(PDFontSupplier, ...)} registers document fonts only, and the CJK, Hangul and
 * symbol faces are fallbacks. The renderer reads the use cases of every added font the same way.
 */
final class PdfBuilder extends PdfRendererBuilder {

    void useFont(PDFontSupplier font, String family, int weight, FontStyle style, Set<FSFontUseCase> uses) {
        state._fonts.add(new AddedFont(font, weight, family, true, style, uses));
    }
}
