package io.shopwatch.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.metrics.promql.PromqlTestScript.Case;
import io.shopwatch.metrics.promql.PromqlTestScript.Expected;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs Prometheus' own PromQL test files (copied from prometheus/prometheus {@code promql/promqltest/testdata},
 * Apache-2.0, see {@code src/test/resources/promql/upstream/NOTICE.md}) against this module's parser and evaluator.
 * Every {@code eval} is one test. A case outside what ShopWatch evaluates is not silently left out: it is reported as
 * skipped (aborted) with the rule that excludes it, and the rules are the lists below: {@link #EXCLUDED_FILES} (files
 * not copied, with why), {@link #UNSUPPORTED_FUNCTIONS}, the feature rules of {@link #exclusion}, and
 * {@link #KNOWN_DIFFERENCES}, cases that run but answer differently from Prometheus, each with its reason.
 * {@link #passCount_matchesTheDocumentedFigure} keeps the pass count written in docs/metrics.md true.
 */
class UpstreamPromqlTest {

    /** Files copied into the test resources. */
    static final List<String> FILES = List.of(
            "aggregators.test",
            "collision.test",
            "functions.test",
            "histograms.test",
            "literals.test",
            "name_label_dropping.test",
            "operators.test",
            "range_queries.test",
            "selectors.test",
            "staleness.test");

    /** Upstream files not copied, each excluded whole. */
    static final Map<String, String> EXCLUDED_FILES = Map.ofEntries(
            Map.entry("trig_functions.test", "the trigonometric functions and atan2 are not supported"),
            Map.entry("native_histograms.test", "native histograms are not stored"),
            Map.entry("at_modifier.test", "the @ modifier is not supported"),
            Map.entry("subquery.test", "subqueries are not supported"),
            Map.entry("duration_expression.test", "duration arithmetic is not supported"),
            Map.entry("extended_vectors.test", "the experimental anchored/smoothed modifiers are not supported"),
            Map.entry("fill-modifier.test", "the experimental fill modifiers are not supported"),
            Map.entry("info.test", "info() is not supported"),
            Map.entry("type_and_unit.test", "the experimental type-and-unit labels are not supported"),
            Map.entry("start_timestamps.test", "start timestamps (created timestamps) are not stored"),
            Map.entry("limit.test", "limitk and limit_ratio (experimental) are not supported"));

    /** Functions and aggregations PromQL has and ShopWatch does not evaluate: cases using them are excluded. */
    static final Set<String> UNSUPPORTED_FUNCTIONS = Set.of(
            "acos",
            "acosh",
            "asin",
            "asinh",
            "atan",
            "atanh",
            "ceil",
            "changes",
            "clamp",
            "clamp_max",
            "clamp_min",
            "cos",
            "cosh",
            "count_values",
            "day_of_month",
            "day_of_week",
            "day_of_year",
            "days_in_month",
            "deg",
            "deriv",
            "double_exponential_smoothing",
            "exp",
            "first_over_time",
            "floor",
            "group",
            "histogram_avg",
            "histogram_count",
            "histogram_fraction",
            "histogram_stddev",
            "histogram_stdvar",
            "histogram_sum",
            "holt_winters",
            "hour",
            "idelta",
            "info",
            "label_join",
            "label_replace",
            "limit_ratio",
            "limitk",
            "ln",
            "log10",
            "log2",
            "mad_over_time",
            "minute",
            "month",
            "pi",
            "predict_linear",
            "present_over_time",
            "quantile",
            "quantile_over_time",
            "rad",
            "resets",
            "round",
            "scalar",
            "sgn",
            "sin",
            "sinh",
            "sort",
            "sort_by_label",
            "sort_by_label_desc",
            "sort_desc",
            "sqrt",
            "stddev_over_time",
            "stdvar_over_time",
            "tan",
            "tanh",
            "timestamp",
            "ts_of_first_over_time",
            "ts_of_last_over_time",
            "ts_of_max_over_time",
            "ts_of_min_over_time",
            "vector",
            "year",
            "step",
            "range",
            "start",
            "end",
            "min_of",
            "max_of",
            "histogram_quantiles");

    /** Names that are followed by "(" but are not functions. */
    private static final Set<String> KEYWORDS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless");

    /** Functions and aggregations ShopWatch evaluates. */
    private static final Set<String> SUPPORTED = Set.of(
            "rate",
            "irate",
            "increase",
            "delta",
            "sum_over_time",
            "avg_over_time",
            "min_over_time",
            "max_over_time",
            "count_over_time",
            "last_over_time",
            "abs",
            "time",
            "histogram_quantile",
            "absent",
            "absent_over_time",
            "sum",
            "avg",
            "min",
            "max",
            "count",
            "topk",
            "bottomk",
            "stddev",
            "stdvar");

    /**
     * Cases that run but whose answer differs from Prometheus', by {@code file:line}, with the reason. Each is a gap
     * to close, not a case to hide: it shows as skipped with its reason.
     */
    static final Map<String, String> KNOWN_DIFFERENCES = new LinkedHashMap<>();

    static {
        KNOWN_DIFFERENCES.put(
                "name_label_dropping.test:84",
                "the metric name is dropped by rate() at once, not at the end of the query as Prometheus 3 does, so"
                        + " sum by (__name__) sees no name instead of failing on two series with the same labels");
        KNOWN_DIFFERENCES.put(
                "name_label_dropping.test:119",
                "the metric name is dropped by rate() at once, not at the end of the query (Prometheus 3)");
        KNOWN_DIFFERENCES.put(
                "name_label_dropping.test:123",
                "the metric name is dropped by rate() at once, not at the end of the query (Prometheus 3)");
        KNOWN_DIFFERENCES.put(
                "operators.test:502",
                "a result with two series of the same labels (after the name is dropped) is not refused");
        KNOWN_DIFFERENCES.put(
                "operators.test:1006",
                "a result with two series of the same labels (after the name is dropped) is not refused");
    }

    private static final Pattern CALL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:\\(|(?i:by|without)\\s*\\()");

    /** Why a case is excluded, or null when it runs. */
    static String exclusion(Case c) {
        if (KNOWN_DIFFERENCES.containsKey(c.id())) {
            return "known difference: " + KNOWN_DIFFERENCES.get(c.id());
        }
        if (c.nativeHistograms()) {
            return "native histograms (load_with_nhcb or in the expected result)";
        }
        for (String name : c.nativeMetrics()) {
            if (name.isEmpty()
                    || Pattern.compile("(^|[^a-zA-Z0-9_:])" + Pattern.quote(name) + "($|[^a-zA-Z0-9_:])")
                            .matcher(c.expr())
                            .find()
                    || Pattern.compile("(^|[^a-zA-Z0-9_:\\s])\\s*\\{")
                            .matcher(c.expr())
                            .find()) {
                return "reads the native histogram " + name;
            }
        }
        String expr = stripStrings(c.expr());
        Matcher call = CALL.matcher(expr);
        while (call.find()) {
            String name = call.group(1).toLowerCase(java.util.Locale.ROOT);
            if (KEYWORDS.contains(name)) {
                continue;
            }
            if (UNSUPPORTED_FUNCTIONS.contains(name)) {
                return "function " + name + "() is not supported";
            }
        }
        if (expr.matches(".*\\batan2\\b.*")) {
            return "the atan2 operator is not supported";
        }
        if (expr.matches(".*@\\s*(-?[0-9]|start|end).*")) {
            return "the @ modifier is not supported";
        }
        if (expr.matches(".*\\[[^\\]]*:[^\\]]*\\].*")) {
            return "subqueries are not supported";
        }
        if (expr.strip().endsWith("]") || expr.matches(".*\\]\\s*offset\\s+\\S+\\s*")) {
            return "a range vector as the result is not supported";
        }
        for (String e : c.expects()) {
            if (e.startsWith("string") || e.startsWith("range")) {
                return "expect " + e.split("\\s+")[0] + ": results of that type are not supported";
            }
        }
        return null;
    }

    private static String stripStrings(String expr) {
        return expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("`[^`]*`", "\"\"");
    }

    static List<Case> cases() {
        List<Case> all = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = UpstreamPromqlTest.class.getResourceAsStream("/promql/upstream/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource " + file);
                }
                all.addAll(PromqlTestScript.parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    @TestFactory
    Stream<DynamicNode> upstreamCases() {
        Map<String, List<DynamicNode>> byFile = new LinkedHashMap<>();
        for (Case c : cases()) {
            byFile.computeIfAbsent(c.file(), f -> new ArrayList<>())
                    .add(DynamicTest.dynamicTest(c.line() + ": " + c.expr(), () -> {
                        String why = exclusion(c);
                        Assumptions.assumeTrue(why == null, () -> "excluded: " + why);
                        String failure = run(c);
                        assertThat(failure).as(c.id() + " " + c.expr()).isNull();
                    }));
        }
        return byFile.entrySet().stream().map(e -> DynamicContainer.dynamicContainer(e.getKey(), e.getValue()));
    }

    /** The figure docs/metrics.md gives: cases run and passing, cases excluded. */
    static final int DOCUMENTED_PASSING = 437;

    @Test
    void passCount_matchesTheDocumentedFigure() {
        int passing = 0;
        int excluded = 0;
        List<String> failing = new ArrayList<>();
        for (Case c : cases()) {
            if (exclusion(c) != null) {
                excluded++;
            } else if (run(c) == null) {
                passing++;
            } else {
                failing.add(c.id() + " " + c.expr() + " -> " + run(c));
            }
        }
        assertThat(failing).as("cases that neither pass nor are excluded").isEmpty();
        assertThat(passing).as("passing (excluded: " + excluded + ")").isEqualTo(DOCUMENTED_PASSING);
    }

    /** Null when the engine answers as the case expects, else what differs. */
    static String run(Case c) {
        SeriesSource source = new MemorySource(c.data());
        Expr expr;
        try {
            expr = Parser.parse(c.expr());
            if (c.range()) {
                List<Evaluator.RangeSeries> result =
                        new Evaluator(source).range(expr, c.startMillis(), c.endMillis(), c.stepMillis());
                return c.expectsFailure() ? "expected an error, got a result" : compareRange(c, result);
            }
            Evaluator.Value value = new Evaluator(source).instant(expr, c.startMillis());
            return c.expectsFailure() ? "expected an error, got a result" : compareInstant(c, value);
        } catch (PromQlException e) {
            return c.expectsFailure() ? null : "error: " + e.getMessage();
        } catch (RuntimeException e) {
            return "exception: " + e;
        }
    }

    private static String compareInstant(Case c, Evaluator.Value value) {
        if (value instanceof Evaluator.Scalar s) {
            if (c.expected().size() != 1 || c.expected().get(0).labels() != null) {
                return "got the scalar " + s.value() + ", expected "
                        + c.expected().size() + " series";
            }
            return equal(c.expected().get(0).values().get(0), s.value())
                    ? null
                    : "scalar " + s.value() + " != "
                            + c.expected().get(0).values().get(0);
        }
        List<Evaluator.VectorSample> samples = ((Evaluator.Vector) value).samples();
        if (samples.size() != c.expected().size()) {
            return "got " + samples.size() + " samples " + samples + ", expected "
                    + c.expected().size();
        }
        for (int i = 0; i < samples.size(); i++) {
            Evaluator.VectorSample sample = samples.get(i);
            Expected match = null;
            if (c.ordered()) {
                match = c.expected().get(i);
                if (!match.labels().equals(sample.labels())) {
                    return "sample " + i + " is " + sample.labels() + ", expected " + match.labels();
                }
            } else {
                for (Expected e : c.expected()) {
                    if (e.labels() != null && e.labels().equals(sample.labels())) {
                        match = e;
                    }
                }
            }
            if (match == null) {
                return "unexpected sample " + sample;
            }
            if (match.values().size() != 1 || !equal(match.values().get(0), sample.value())) {
                return sample.labels() + ": " + sample.value() + ", expected " + match.values();
            }
        }
        return null;
    }

    private static String compareRange(Case c, List<Evaluator.RangeSeries> result) {
        if (result.size() != c.expected().size()) {
            return "got " + result.size() + " series " + result + ", expected "
                    + c.expected().size();
        }
        for (Evaluator.RangeSeries series : result) {
            Expected match = null;
            for (Expected e : c.expected()) {
                SortedMap<String, String> labels = e.labels() == null ? new TreeMap<>() : e.labels();
                if (labels.equals(series.labels())) {
                    match = e;
                }
            }
            if (match == null) {
                return "unexpected series " + series.labels();
            }
            Map<Long, Double> got = new TreeMap<>();
            for (int i = 0; i < series.times().size(); i++) {
                got.put(series.times().get(i), series.values().get(i));
            }
            Map<Long, Double> want = new TreeMap<>();
            for (int i = 0; i < match.values().size(); i++) {
                if (match.values().get(i) != null) {
                    want.put(
                            c.startMillis() + i * c.stepMillis(), match.values().get(i));
                }
            }
            if (!got.keySet().equals(want.keySet())) {
                return series.labels() + ": points at " + got.keySet() + ", expected " + want.keySet();
            }
            for (Map.Entry<Long, Double> point : want.entrySet()) {
                if (!equal(point.getValue(), got.get(point.getKey()))) {
                    return series.labels() + " at " + point.getKey() + ": " + got.get(point.getKey()) + ", expected "
                            + point.getValue();
                }
            }
        }
        return null;
    }

    /** Prometheus' {@code almost.Equal} with promqltest's epsilon of 1e-6. */
    static boolean equal(double a, double b) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
            return diff < 1e-6 * Double.MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < 1e-6;
    }

    /** The loaded series in memory. */
    private record MemorySource(List<PromqlTestScript.LoadedSeries> data) implements SeriesSource {

        @Override
        public List<StoredSeries> select(
                String metric, List<io.shopwatch.metrics.promql.Matcher> matchers, long from, long to) {
            List<StoredSeries> out = new ArrayList<>();
            for (PromqlTestScript.LoadedSeries s : data) {
                if (metric.equals(s.labels().get("__name__"))
                        && matchers.stream().allMatch(m -> m.matches(s.labels().get(m.name())))) {
                    out.add(new StoredSeries(s.labels(), s.times(), s.values()));
                }
            }
            return out;
        }

        @Override
        public List<String> metricNames() {
            return data.stream()
                    .map(s -> s.labels().get("__name__"))
                    .filter(n -> n != null)
                    .distinct()
                    .toList();
        }
    }
}
