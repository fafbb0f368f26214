package dev.keel.ledger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How Keel prints US dollars, everywhere (refusals, reports, the dashboard, the CLI): two decimals from a dollar up, and
 * below a dollar two significant digits, so a model call of $0.0004 or a budget of $0.003 never reads "$0.00".
 */
public final class Money {

    /** Below this a non-zero amount prints as "<$0.000001" rather than as a string of zeros. */
    static final double SMALLEST = 0.000001;

    private Money() {
    }

    public static String usd(double amount) {
        if (Double.isNaN(amount) || Double.isInfinite(amount)) {
            return "$?";
        }
        String sign = amount < 0 ? "-" : "";
        double v = Math.abs(amount);
        if (v == 0) {
            return "$0.00";
        }
        if (v < SMALLEST) {
            return sign + "<$0.000001";
        }
        if (v >= 0.995) {
            return sign + String.format(Locale.ROOT, "$%,.2f", v);
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(2, RoundingMode.HALF_UP)).stripTrailingZeros();
        if (rounded.scale() < 2) {
            rounded = rounded.setScale(2, RoundingMode.UNNECESSARY);
        }
        return sign + "$" + rounded.toPlainString();
    }
}
