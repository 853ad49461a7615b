package io.shopwatch.alert.rule;

import java.util.function.BiPredicate;

/** The comparisons a threshold can use. */
public enum Comparison {
    GT(">", (a, b) -> a > b),
    GE(">=", (a, b) -> a >= b),
    LT("<", (a, b) -> a < b),
    LE("<=", (a, b) -> a <= b),
    EQ("==", (a, b) -> Double.compare(a, b) == 0),
    NE("!=", (a, b) -> Double.compare(a, b) != 0);

    private final String symbol;
    private final BiPredicate<Double, Double> test;

    Comparison(String symbol, BiPredicate<Double, Double> test) {
        this.symbol = symbol;
        this.test = test;
    }

    public boolean test(double value, double threshold) {
        return test.test(value, threshold);
    }

    public String symbol() {
        return symbol;
    }

    public static Comparison of(String symbol) {
        for (Comparison c : values()) {
            if (c.symbol.equals(symbol)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown comparison " + symbol + " (use > >= < <= == !=)");
    }
}
