package io.shopwatch.metrics.promql;

import java.util.List;

/** A parsed PromQL expression (the subset ShopWatch evaluates). */
public sealed interface Expr {

    /** A number: {@code 2}, {@code 1.5e3}, {@code Inf}. */
    record NumberLiteral(double value) implements Expr {}

    /** {@code name{label="v",...} offset 5m}. */
    record VectorSelector(String metric, List<Matcher> matchers, long offsetMillis) implements Expr {}

    /** {@code selector[5m]}. */
    record MatrixSelector(VectorSelector selector, long rangeMillis) implements Expr {}

    /** {@code rate(m[5m])} and the other functions. */
    record Call(String function, List<Expr> args) implements Expr {}

    /**
     * {@code sum by (a) (expr)}.
     *
     * @param without {@code without} instead of {@code by}
     * @param grouping the labels after {@code by}/{@code without}; empty without a clause
     */
    record Aggregate(String op, Expr expr, List<String> grouping, boolean without) implements Expr {}

    /**
     * {@code lhs op rhs}.
     *
     * @param returnBool comparison with {@code bool}: 0/1 instead of filtering
     * @param on {@code on(...)} labels when {@code onGiven}, {@code ignoring(...)} labels otherwise
     */
    record Binary(String op, Expr lhs, Expr rhs, boolean returnBool, boolean onGiven, List<String> on)
            implements Expr {}

    /** {@code -expr}. */
    record Negation(Expr expr) implements Expr {}
}
