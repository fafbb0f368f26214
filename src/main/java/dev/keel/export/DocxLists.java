package dev.keel.export;

import java.math.BigInteger;
import org.apache.poi.xwpf.usermodel.XWPFAbstractNum;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFNumbering;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTAbstractNum;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTLvl;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTNumLvl;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STNumberFormat;

/** Word numbering for Markdown lists: one bullet and one decimal definition; each ordered list restarts at its own start. */
final class DocxLists {

    private static final BigInteger BULLET = BigInteger.valueOf(7101);
    private static final BigInteger DECIMAL = BigInteger.valueOf(7102);
    private static final String[] BULLETS = {"\u2022", "\u25E6", "\u25AA"};

    private final XWPFNumbering numbering;
    private BigInteger bulletNum;

    DocxLists(XWPFDocument doc) {
        this.numbering = doc.getNumbering() != null ? doc.getNumbering() : doc.createNumbering();
        if (numbering.getAbstractNum(BULLET) == null) {
            numbering.addAbstractNum(new XWPFAbstractNum(definition(BULLET, true)));
            numbering.addAbstractNum(new XWPFAbstractNum(definition(DECIMAL, false)));
        }
    }

    /** The numbering id for a new list: bullets share one; an ordered list gets its own, starting at {@code start}. */
    BigInteger start(boolean ordered, int start) {
        if (!ordered) {
            if (bulletNum == null) {
                bulletNum = numbering.addNum(BULLET);
            }
            return bulletNum;
        }
        BigInteger id = numbering.addNum(DECIMAL);
        CTNumLvl override = numbering.getNum(id).getCTNum().addNewLvlOverride();
        override.setIlvl(BigInteger.ZERO);
        override.addNewStartOverride().setVal(BigInteger.valueOf(start));
        return id;
    }

    private static CTAbstractNum definition(BigInteger id, boolean bullet) {
        CTAbstractNum abs = CTAbstractNum.Factory.newInstance();
        abs.setAbstractNumId(id);
        for (int level = 0; level < 9; level++) {
            CTLvl lvl = abs.addNewLvl();
            lvl.setIlvl(BigInteger.valueOf(level));
            lvl.addNewStart().setVal(BigInteger.ONE);
            lvl.addNewNumFmt().setVal(bullet ? STNumberFormat.BULLET : STNumberFormat.DECIMAL);
            lvl.addNewLvlText().setVal(bullet ? BULLETS[level % BULLETS.length] : "%" + (level + 1) + ".");
            var ind = lvl.addNewPPr().addNewInd();
            ind.setLeft(BigInteger.valueOf(360L * (level + 2)));
            ind.setHanging(BigInteger.valueOf(360));
        }
        return abs;
    }
}
