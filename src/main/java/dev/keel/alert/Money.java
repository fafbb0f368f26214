package dev.keel.alert;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** US dollars with the precision small amounts need: $12.50, $0.0030 (a $0.003 budget is not "$0.00"). */
final class Money {

    private Money() {
    }

    static String usd(double amount) {
        BigDecimal value = BigDecimal.valueOf(amount);
        int scale = Math.abs(amount) >= 1 || amount == 0 ? 2 : 4;
        return "$" + value.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }
}
