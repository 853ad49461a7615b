package io.shopwatch.alert.rule;

import io.shopwatch.alert.core.LabelSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a scheduled rule's query result into samples: every row is one instance whose labels are its non-value
 * columns. Threshold reads one column; ratio divides two; change compares with the same query over an earlier window;
 * absence yields one sample, the row count (or the sum of the value column), which is 0 when nothing came back.
 */
public final class ScheduledEvaluator {

    private static final Set<String> IGNORED_LABEL_COLUMNS = Set.of("_timestamp", "zo_sql_key", "zo_sql_num");

    private ScheduledEvaluator() {}

    public static List<Sample> evaluate(AlertRule rule, RuleQueryExecutor executor, Instant now) {
        Instant start = now.minus(rule.lookback());
        List<Map<String, Object>> rows = executor.query(rule.org(), rule.spec().query(), start, now);
        RuleSpec.Condition c = rule.spec().condition();
        String column = c == null || c.column() == null ? "value" : c.column();
        return switch (rule.condition()) {
            case THRESHOLD -> threshold(rows, column);
            case RATIO -> ratio(rows, c.numerator(), c.denominator(), c.minDenominator());
            case CHANGE ->
                change(
                        rows,
                        executor.query(
                                rule.org(), rule.spec().query(), start.minus(rule.offset()), now.minus(rule.offset())),
                        column);
            case ABSENCE -> absence(rows, column);
        };
    }

    static List<Sample> threshold(List<Map<String, Object>> rows, String column) {
        List<Sample> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Double v = number(row.get(column));
            if (v != null) {
                out.add(new Sample(labels(row, Set.of(column)), v));
            }
        }
        return out;
    }

    static List<Sample> ratio(List<Map<String, Object>> rows, String numerator, String denominator, Double min) {
        List<Sample> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Double n = number(row.get(numerator));
            Double d = number(row.get(denominator));
            if (n == null || d == null || d == 0 || (min != null && d < min)) {
                continue;
            }
            out.add(new Sample(labels(row, Set.of(numerator, denominator)), n / d));
        }
        return out;
    }

    static List<Sample> change(List<Map<String, Object>> now, List<Map<String, Object>> before, String column) {
        Map<LabelSet, Double> earlier = new HashMap<>();
        for (Sample s : threshold(before, column)) {
            earlier.put(s.labels(), s.value());
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : threshold(now, column)) {
            Double prev = earlier.get(s.labels());
            if (prev == null || prev == 0) {
                continue;
            }
            out.add(new Sample(s.labels(), (s.value() - prev) / prev * 100.0));
        }
        return out;
    }

    static List<Sample> absence(List<Map<String, Object>> rows, String column) {
        double total = 0;
        boolean hasColumn = rows.stream().anyMatch(r -> r.containsKey(column));
        if (!hasColumn) {
            total = rows.size();
        } else {
            for (Map<String, Object> row : rows) {
                Double v = number(row.get(column));
                total += v == null ? 0 : v;
            }
        }
        return List.of(new Sample(LabelSet.EMPTY, total));
    }

    static LabelSet labels(Map<String, Object> row, Set<String> valueColumns) {
        Map<String, String> labels = new TreeMap<>();
        row.forEach((k, v) -> {
            if (v != null && !valueColumns.contains(k) && !IGNORED_LABEL_COLUMNS.contains(k)) {
                labels.put(k, text(v));
            }
        });
        return LabelSet.of(labels);
    }

    static String text(Object v) {
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d)) {
                return Long.toString((long) d);
            }
        }
        return v.toString();
    }

    static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
