package io.shopwatch.metrics.promql;

import java.util.List;

/** A parsed PromQL expression (the subset ShopWatch evaluates). */
public sealed interface Expr {

    /** A number: {@code 2}, {@code 1.5e3}, {@code Inf}. */
    record NumberLiteral(double value) implements Expr {}

    /**
     * {@code name{label="v",...} offset 5m}.
     *
     * @param metric the metric name; null for a selector without one ({@code {__name__=~"shop_.*"}},
     *     {@code {job="a"}}), which has at least one matcher that does not match the empty string
     */
    record VectorSelector(String metric, List<Matcher> matchers, long offsetMillis) implements Expr {

        /** The selector as written, for messages. */
        public String describe() {
            return (metric == null ? "" : metric)
                    + (matchers.isEmpty() && metric != null
                            ? ""
                            : matchers.stream()
                                    .map(m -> m.name() + m.op() + '"' + m.value() + '"')
                                    .collect(java.util.stream.Collectors.joining(",", "{", "}")));
        }
    }

    /** {@code selector[5m]}. */
    record MatrixSelector(VectorSelector selector, long rangeMillis) implements Expr {}

    /** {@code rate(m[5m])} and the other functions. */
    record Call(String function, List<Expr> args) implements Expr {}

    /**
     * {@code sum by (a) (expr)}, {@code topk(3, expr)}.
     *
     * @param param the first argument of {@code topk}/{@code bottomk} (the k); null for the others
     * @param without {@code without} instead of {@code by}
     * @param grouping the labels after {@code by}/{@code without}; empty without a clause
     */
    record Aggregate(String op, Expr param, Expr expr, List<String> grouping, boolean without) implements Expr {}

    /**
     * {@code lhs op rhs}, {@code op} being an arithmetic, comparison or set operator ({@code and}, {@code or},
     * {@code unless}).
     *
     * @param returnBool comparison with {@code bool}: 0/1 instead of filtering
     * @param on {@code on(...)} labels when {@code onGiven}, {@code ignoring(...)} labels otherwise
     * @param card the matching's cardinality
     * @param include the labels of {@code group_left(...)}/{@code group_right(...)} copied from the "one" side
     */
    record Binary(
            String op,
            Expr lhs,
            Expr rhs,
            boolean returnBool,
            boolean onGiven,
            List<String> on,
            Cardinality card,
            List<String> include)
            implements Expr {

        public Binary(String op, Expr lhs, Expr rhs, boolean returnBool, boolean onGiven, List<String> on) {
            this(op, lhs, rhs, returnBool, onGiven, on, Cardinality.ONE_TO_ONE, List.of());
        }
    }

    /** How the samples of a binary operation's two sides pair up. */
    enum Cardinality {
        ONE_TO_ONE,
        /** {@code group_left}: many on the left, one on the right. */
        MANY_TO_ONE,
        /** {@code group_right}: one on the left, many on the right. */
        ONE_TO_MANY,
        /** the set operators. */
        MANY_TO_MANY
    }

    /** {@code -expr}. */
    record Negation(Expr expr) implements Expr {}
}
