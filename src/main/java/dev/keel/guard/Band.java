package dev.keel.guard;

/** Thresholds of one resource in percent used: a state is entered at its high mark and left below its low mark. */
public record Band(double hotHigh, double hotLow, double criticalHigh, double criticalLow) {

    public Band {
        if (!(hotLow < hotHigh && criticalLow < criticalHigh && hotHigh < criticalHigh && hotLow <= criticalLow)) {
            throw new IllegalArgumentException("need hot-low < hot-high < critical-high, critical-low < critical-high"
                    + " and hot-low <= critical-low; got hot " + hotHigh + "/" + hotLow
                    + ", critical " + criticalHigh + "/" + criticalLow);
        }
    }
}
