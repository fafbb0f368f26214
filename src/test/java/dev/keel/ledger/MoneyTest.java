package dev.keel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void amountsBelowADollarKeepTwoSignificantDigits() {
        assertThat(Money.usd(0.003)).isEqualTo("$0.003");
        assertThat(Money.usd(0.0004)).isEqualTo("$0.0004");
        assertThat(Money.usd(0.00041234)).isEqualTo("$0.00041");
        assertThat(Money.usd(0.12345)).isEqualTo("$0.12");
        assertThat(Money.usd(0.5)).isEqualTo("$0.50");
        assertThat(Money.usd(0.0125)).isEqualTo("$0.013");
    }

    @Test
    void fromADollarUpTwoDecimalsWithGrouping() {
        assertThat(Money.usd(1)).isEqualTo("$1.00");
        assertThat(Money.usd(12.345)).isEqualTo("$12.35");
        assertThat(Money.usd(1234.5)).isEqualTo("$1,234.50");
        assertThat(Money.usd(0.999)).isEqualTo("$1.00");
    }

    @Test
    void zeroTinyNegativeAndNonNumbersReadClearly() {
        assertThat(Money.usd(0)).isEqualTo("$0.00");
        assertThat(Money.usd(0.0000001)).isEqualTo("<$0.000001");
        assertThat(Money.usd(-0.003)).isEqualTo("-$0.003");
        assertThat(Money.usd(Double.NaN)).isEqualTo("$?");
    }

    @Test
    void aSpentSmallBudgetNoLongerReadsAsZero() {
        assertThat("kimi has spent " + Money.usd(0.003) + " of its " + Money.usd(0.003) + " daily budget")
                .isEqualTo("kimi has spent $0.003 of its $0.003 daily budget");
    }
}
