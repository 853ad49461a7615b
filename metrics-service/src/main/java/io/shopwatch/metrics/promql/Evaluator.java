package io.shopwatch.metrics.promql;

import io.shopwatch.metrics.sample.SpecialValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Evaluates a parsed query at one instant or over a range of steps, with Prometheus 3's semantics: an instant selector
 * takes each series' latest sample in {@code (t - 5m, t]} (none when it is a staleness marker), a range selector the
 * samples in {@code (t - range, t]} but the staleness markers (both shifted by {@code offset}); {@code rate}, {@code increase} and {@code delta} extrapolate as Prometheus'
 * {@code extrapolatedRate} does; functions, aggregations and arithmetic drop the metric name ({@code topk},
 * {@code bottomk} and the set operators keep each sample's labels); comparisons filter unless {@code bool};
 * {@code histogram_quantile} is {@link HistogramQuantile}. The samples of every selector are read once per query, for the whole range.
 */
public final class Evaluator {

    /** Prometheus' default {@code query.lookback-delta}. */
    public static final long LOOKBACK_MILLIS = 5 * 60_000L;

    /** A sample of an instant vector. */
    public record VectorSample(SortedMap<String, String> labels, double value) {}

    /** The value of an expression at one instant. */
    public sealed interface Value {}

    public record Scalar(double value) implements Value {}

    public record Vector(List<VectorSample> samples) implements Value {}

    /** One series of a range query's result. */
    public record RangeSeries(SortedMap<String, String> labels, List<Long> times, List<Double> values) {}

    private static final Set<String> COMPARISONS = Set.of("==", "!=", ">", "<", ">=", "<=");

    private final SeriesSource source;
    private final Map<Expr.VectorSelector, List<SeriesSource.StoredSeries>> data = new IdentityHashMap<>();

    public Evaluator(SeriesSource source) {
        this.source = source;
    }

    /** The value of {@code expr} at {@code time}. */
    public Value instant(Expr expr, long timeMillis) {
        fetch(expr, timeMillis, timeMillis);
        return eval(expr, timeMillis);
    }

    /** The values of {@code expr} at {@code start}, {@code start + step}, ... up to {@code end}, per series. */
    public List<RangeSeries> range(Expr expr, long startMillis, long endMillis, long stepMillis) {
        fetch(expr, startMillis, endMillis);
        Map<SortedMap<String, String>, RangeSeries> series = new LinkedHashMap<>();
        for (long t = startMillis; t <= endMillis; t += stepMillis) {
            Value value = eval(expr, t);
            List<VectorSample> samples = value instanceof Scalar s
                    ? List.of(new VectorSample(new TreeMap<>(), s.value()))
                    : ((Vector) value).samples();
            for (VectorSample sample : samples) {
                RangeSeries out = series.computeIfAbsent(
                        sample.labels(), l -> new RangeSeries(l, new ArrayList<>(), new ArrayList<>()));
                out.times().add(t);
                out.values().add(sample.value());
            }
        }
        List<RangeSeries> result = new ArrayList<>(series.values());
        result.sort(Comparator.comparing(r -> r.labels().toString()));
        return result;
    }

    private void fetch(Expr expr, long start, long end) {
        if (expr instanceof Expr.VectorSelector s) {
            data.put(s, source.select(s, start - s.offsetMillis() - LOOKBACK_MILLIS, end - s.offsetMillis()));
        } else if (expr instanceof Expr.MatrixSelector m) {
            Expr.VectorSelector s = m.selector();
            data.put(s, source.select(s, start - s.offsetMillis() - m.rangeMillis(), end - s.offsetMillis()));
        } else if (expr instanceof Expr.Call c) {
            c.args().forEach(a -> fetch(a, start, end));
        } else if (expr instanceof Expr.Aggregate a) {
            if (a.param() != null) {
                fetch(a.param(), start, end);
            }
            fetch(a.expr(), start, end);
        } else if (expr instanceof Expr.Binary b) {
            fetch(b.lhs(), start, end);
            fetch(b.rhs(), start, end);
        } else if (expr instanceof Expr.Negation n) {
            fetch(n.expr(), start, end);
        }
    }

    private Value eval(Expr expr, long t) {
        if (expr instanceof Expr.NumberLiteral n) {
            return new Scalar(n.value());
        }
        if (expr instanceof Expr.VectorSelector s) {
            return selectInstant(s, t);
        }
        if (expr instanceof Expr.MatrixSelector m) {
            throw new PromQlException(
                    "a range vector (" + m.selector().describe() + "[...]) must be the argument of a function");
        }
        if (expr instanceof Expr.Call c) {
            return call(c, t);
        }
        if (expr instanceof Expr.Aggregate a) {
            return aggregate(a, t);
        }
        if (expr instanceof Expr.Binary b) {
            return binary(b, t);
        }
        return negate(eval(((Expr.Negation) expr).expr(), t));
    }

    private Vector selectInstant(Expr.VectorSelector s, long t) {
        long end = t - s.offsetMillis();
        long start = end - LOOKBACK_MILLIS;
        List<VectorSample> out = new ArrayList<>();
        for (SeriesSource.StoredSeries series : data.get(s)) {
            long[] ts = series.timestamps();
            int last = -1;
            for (int i = ts.length - 1; i >= 0; i--) {
                if (ts[i] <= end) {
                    last = i;
                    break;
                }
            }
            if (last >= 0 && ts[last] > start && !SpecialValues.isStale(series.values()[last])) {
                out.add(new VectorSample(series.labels(), series.values()[last]));
            }
        }
        return new Vector(out);
    }

    /** The samples of a range selector at {@code t}: per series, times and values in {@code (t - range, t]}. */
    private List<Window> selectRange(Expr.MatrixSelector m, long t) {
        Expr.VectorSelector s = m.selector();
        long end = t - s.offsetMillis();
        long start = end - m.rangeMillis();
        List<Window> out = new ArrayList<>();
        for (SeriesSource.StoredSeries series : data.get(s)) {
            long[] ts = series.timestamps();
            int from = 0;
            while (from < ts.length && ts[from] <= start) {
                from++;
            }
            int to = from;
            while (to < ts.length && ts[to] <= end) {
                to++;
            }
            if (to > from) {
                out.add(withoutStaleMarkers(new Window(series.labels(), ts, series.values(), from, to, start, end)));
            }
        }
        out.removeIf(w -> w.count() == 0);
        return out;
    }

    /** The window without its staleness markers (Prometheus leaves them out of range vectors). */
    private static Window withoutStaleMarkers(Window w) {
        int stale = 0;
        for (int i = w.from(); i < w.to(); i++) {
            if (SpecialValues.isStale(w.vs()[i])) {
                stale++;
            }
        }
        if (stale == 0) {
            return w;
        }
        long[] ts = new long[w.count() - stale];
        double[] vs = new double[ts.length];
        int n = 0;
        for (int i = w.from(); i < w.to(); i++) {
            if (!SpecialValues.isStale(w.vs()[i])) {
                ts[n] = w.ts()[i];
                vs[n++] = w.vs()[i];
            }
        }
        return new Window(w.labels(), ts, vs, 0, n, w.rangeStart(), w.rangeEnd());
    }

    /** Samples {@code [from, to)} of a series, in the range {@code (rangeStart, rangeEnd]}. */
    private record Window(
            SortedMap<String, String> labels,
            long[] ts,
            double[] vs,
            int from,
            int to,
            long rangeStart,
            long rangeEnd) {
        int count() {
            return to - from;
        }
    }

    private Value call(Expr.Call call, long t) {
        String f = call.function();
        switch (f) {
            case "rate",
                    "increase",
                    "delta",
                    "irate",
                    "sum_over_time",
                    "avg_over_time",
                    "min_over_time",
                    "max_over_time",
                    "count_over_time",
                    "last_over_time" -> {
                if (call.args().size() != 1 || !(call.args().get(0) instanceof Expr.MatrixSelector m)) {
                    throw new PromQlException("expected a range vector as the argument of " + f + "()");
                }
                List<VectorSample> out = new ArrayList<>();
                for (Window w : selectRange(m, t)) {
                    Double v =
                            switch (f) {
                                case "rate" -> extrapolatedRate(w, true, true);
                                case "increase" -> extrapolatedRate(w, true, false);
                                case "delta" -> extrapolatedRate(w, false, false);
                                case "irate" -> irate(w);
                                default -> overTime(f, w);
                            };
                    if (v != null) {
                        out.add(new VectorSample(f.equals("last_over_time") ? w.labels() : dropName(w.labels()), v));
                    }
                }
                return new Vector(out);
            }
            case "abs" -> {
                if (call.args().size() != 1) {
                    throw new PromQlException("expected 1 argument for abs()");
                }
                Value v = eval(call.args().get(0), t);
                if (!(v instanceof Vector vector)) {
                    throw new PromQlException("expected an instant vector as the argument of abs()");
                }
                return new Vector(vector.samples().stream()
                        .map(s -> new VectorSample(dropName(s.labels()), Math.abs(s.value())))
                        .toList());
            }
            case "time" -> {
                return new Scalar(t / 1000.0);
            }
            case "histogram_quantile" -> {
                if (call.args().size() != 2) {
                    throw new PromQlException("expected 2 arguments for histogram_quantile()");
                }
                Value phi = eval(call.args().get(0), t);
                Value buckets = eval(call.args().get(1), t);
                if (!(phi instanceof Scalar q) || !(buckets instanceof Vector vector)) {
                    throw new PromQlException(
                            "expected a scalar and an instant vector as the arguments of histogram_quantile()");
                }
                return HistogramQuantile.of(q.value(), vector);
            }
            case "absent" -> {
                if (call.args().size() != 1) {
                    throw new PromQlException("expected 1 argument for absent()");
                }
                Value v = eval(call.args().get(0), t);
                if (!(v instanceof Vector vector)) {
                    throw new PromQlException("expected an instant vector as the argument of absent()");
                }
                return vector.samples().isEmpty() ? absentResult(call.args().get(0)) : new Vector(List.of());
            }
            case "absent_over_time" -> {
                if (call.args().size() != 1 || !(call.args().get(0) instanceof Expr.MatrixSelector m)) {
                    throw new PromQlException("expected a range vector as the argument of absent_over_time()");
                }
                return selectRange(m, t).isEmpty() ? absentResult(m) : new Vector(List.of());
            }
            default -> throw new PromQlException("function \"" + f + "\" is not supported");
        }
    }

    /**
     * The answer of {@code absent} when nothing matched: 1, labelled as Prometheus'
     * {@code createLabelsForAbsentFunction} does: the labels of the selector's equality matchers, except
     * {@code __name__} and labels named by more than one matcher; no labels for anything but a selector.
     */
    private static Vector absentResult(Expr arg) {
        Expr.VectorSelector selector =
                arg instanceof Expr.MatrixSelector m ? m.selector() : arg instanceof Expr.VectorSelector s ? s : null;
        SortedMap<String, String> labels = new TreeMap<>();
        if (selector != null) {
            Set<String> seen = new java.util.HashSet<>();
            for (Matcher m : selector.matchers()) {
                if (m.name().equals("__name__")) {
                    continue;
                }
                if (m.op().equals("=") && seen.add(m.name())) {
                    labels.put(m.name(), m.value());
                } else {
                    seen.add(m.name());
                    labels.remove(m.name());
                }
            }
        }
        return new Vector(List.of(new VectorSample(labels, 1)));
    }

    /** Prometheus' {@code extrapolatedRate} (promql/functions.go). */
    static Double extrapolatedRate(Window w, boolean isCounter, boolean isRate) {
        if (w.count() < 2) {
            return null;
        }
        double first = w.vs()[w.from()];
        double last = w.vs()[w.to() - 1];
        double result = last - first;
        if (isCounter) {
            for (int i = w.from() + 1; i < w.to(); i++) {
                if (w.vs()[i] < w.vs()[i - 1]) {
                    result += w.vs()[i - 1];
                }
            }
        }
        double firstT = w.ts()[w.from()];
        double lastT = w.ts()[w.to() - 1];
        double durationToStart = (firstT - w.rangeStart()) / 1000.0;
        double durationToEnd = (w.rangeEnd() - lastT) / 1000.0;
        double sampledInterval = (lastT - firstT) / 1000.0;
        double averageBetween = sampledInterval / (w.count() - 1);
        double threshold = averageBetween * 1.1;
        if (durationToStart >= threshold) {
            durationToStart = averageBetween / 2;
        }
        if (isCounter && result > 0 && first >= 0) {
            double durationToZero = sampledInterval * (first / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= threshold) {
            durationToEnd = averageBetween / 2;
        }
        double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        if (isRate) {
            factor /= (w.rangeEnd() - w.rangeStart()) / 1000.0;
        }
        return result * factor;
    }

    private static Double irate(Window w) {
        if (w.count() < 2) {
            return null;
        }
        double last = w.vs()[w.to() - 1];
        double previous = w.vs()[w.to() - 2];
        double delta = last < previous ? last : last - previous;
        double seconds = (w.ts()[w.to() - 1] - w.ts()[w.to() - 2]) / 1000.0;
        return seconds == 0 ? null : delta / seconds;
    }

    private static Double overTime(String f, Window w) {
        FloatSums sums = new FloatSums();
        double min = Double.NaN;
        double max = Double.NaN;
        for (int i = w.from(); i < w.to(); i++) {
            double v = w.vs()[i];
            sums.add(v);
            // as Prometheus: NaN only when every value is NaN
            if (v < min || Double.isNaN(min)) {
                min = v;
            }
            if (v > max || Double.isNaN(max)) {
                max = v;
            }
        }
        return switch (f) {
            case "sum_over_time" -> sums.sum();
            case "avg_over_time" -> sums.mean();
            case "min_over_time" -> min;
            case "max_over_time" -> max;
            case "count_over_time" -> (double) w.count();
            default -> w.vs()[w.to() - 1];
        };
    }

    private Value aggregate(Expr.Aggregate a, long t) {
        Value inner = eval(a.expr(), t);
        if (!(inner instanceof Vector vector)) {
            throw new PromQlException("expected an instant vector in aggregation " + a.op() + "()");
        }
        if (a.param() != null) {
            if (!(eval(a.param(), t) instanceof Scalar k)) {
                throw new PromQlException("expected a scalar as the first argument of " + a.op() + "()");
            }
            return selectK(a, k.value(), vector);
        }
        Map<SortedMap<String, String>, Group> groups = new LinkedHashMap<>();
        for (VectorSample sample : vector.samples()) {
            groups.computeIfAbsent(groupKey(a, sample.labels()), k -> new Group())
                    .add(sample.value());
        }
        List<VectorSample> out = new ArrayList<>(groups.size());
        groups.forEach((key, g) -> out.add(new VectorSample(
                key,
                switch (a.op()) {
                    case "sum" -> g.sums.sum();
                    case "avg" -> g.sums.mean();
                    case "count" -> g.sums.count();
                    case "min" -> g.min;
                    case "stdvar" -> g.variance / g.sums.count();
                    case "stddev" -> Math.sqrt(g.variance / g.sums.count());
                    default -> g.max;
                })));
        return new Vector(out);
    }

    /** One group of an aggregation, as Prometheus' {@code groupedAggregation} for floats. */
    private static final class Group {
        final FloatSums sums = new FloatSums();
        double min = Double.NaN;
        double max = Double.NaN;
        double runningMean;
        double variance;

        void add(double v) {
            sums.add(v);
            // as Prometheus: a NaN is replaced by any other value, so NaN only when every value is NaN
            if (v < min || Double.isNaN(min)) {
                min = v;
            }
            if (v > max || Double.isNaN(max)) {
                max = v;
            }
            double delta = v - runningMean;
            runningMean += delta / sums.count();
            variance += delta * (v - runningMean);
        }
    }

    private static SortedMap<String, String> groupKey(Expr.Aggregate a, SortedMap<String, String> labels) {
        SortedMap<String, String> key = new TreeMap<>();
        if (a.without()) {
            key.putAll(labels);
            key.remove("__name__");
            a.grouping().forEach(key::remove);
        } else {
            for (String label : a.grouping()) {
                String value = labels.get(label);
                if (value != null) {
                    key.put(label, value);
                }
            }
        }
        return key;
    }

    /**
     * {@code topk}/{@code bottomk}: per group, the k samples with the largest (smallest) values, with their own labels
     * (the name included); NaN comes last either way; k below 1 selects nothing, a fraction is truncated.
     */
    private static Vector selectK(Expr.Aggregate a, double k, Vector vector) {
        if (Double.isNaN(k)) {
            throw new PromQlException("parameter value is NaN for " + a.op() + "()");
        }
        if (k < 1) {
            return new Vector(List.of());
        }
        long limit = k >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) k;
        Comparator<VectorSample> byValue = Comparator.comparingDouble(VectorSample::value);
        Comparator<VectorSample> order = a.op().equals("topk") ? byValue.reversed() : byValue;
        Comparator<VectorSample> nanLast = Comparator.<VectorSample, Boolean>comparing(s -> Double.isNaN(s.value()))
                .thenComparing(order);
        Map<SortedMap<String, String>, List<VectorSample>> groups = new LinkedHashMap<>();
        for (VectorSample sample : vector.samples()) {
            groups.computeIfAbsent(groupKey(a, sample.labels()), g -> new ArrayList<>())
                    .add(sample);
        }
        List<VectorSample> out = new ArrayList<>();
        for (List<VectorSample> group : groups.values()) {
            group.stream().sorted(nanLast).limit(limit).forEach(out::add);
        }
        return new Vector(out);
    }

    private Value negate(Value value) {
        if (value instanceof Scalar s) {
            return new Scalar(-s.value());
        }
        return new Vector(((Vector) value)
                .samples().stream()
                        .map(s -> new VectorSample(dropName(s.labels()), -s.value()))
                        .toList());
    }

    private Value binary(Expr.Binary b, long t) {
        Value lhs = eval(b.lhs(), t);
        Value rhs = eval(b.rhs(), t);
        if (b.card() == Expr.Cardinality.MANY_TO_MANY) {
            if (!(lhs instanceof Vector l) || !(rhs instanceof Vector r)) {
                throw new PromQlException("set operator \"" + b.op() + "\" not allowed in binary scalar expression");
            }
            return setOperation(b, l, r);
        }
        boolean comparison = COMPARISONS.contains(b.op());
        if (lhs instanceof Scalar l && rhs instanceof Scalar r) {
            if (comparison && !b.returnBool()) {
                throw new PromQlException("comparisons between scalars must use bool");
            }
            return new Scalar(apply(b.op(), l.value(), r.value()));
        }
        boolean dropName = !comparison || b.returnBool();
        if (lhs instanceof Vector l && rhs instanceof Scalar r) {
            return vectorScalar(b, l, r.value(), false, dropName);
        }
        if (lhs instanceof Scalar l && rhs instanceof Vector r) {
            return vectorScalar(b, r, l.value(), true, dropName);
        }
        return vectorVector(b, (Vector) lhs, (Vector) rhs, dropName);
    }

    private Vector vectorScalar(Expr.Binary b, Vector vector, double scalar, boolean scalarLeft, boolean dropName) {
        List<VectorSample> out = new ArrayList<>();
        for (VectorSample sample : vector.samples()) {
            double l = scalarLeft ? scalar : sample.value();
            double r = scalarLeft ? sample.value() : scalar;
            double v = apply(b.op(), l, r);
            SortedMap<String, String> labels = dropName ? dropName(sample.labels()) : sample.labels();
            if (COMPARISONS.contains(b.op()) && !b.returnBool()) {
                if (v == 1.0) {
                    out.add(new VectorSample(labels, sample.value()));
                }
            } else {
                out.add(new VectorSample(labels, v));
            }
        }
        return new Vector(out);
    }

    /**
     * {@code and}: the left samples with a match on the right; {@code or}: every left sample plus the right samples
     * without a match on the left; {@code unless}: the left samples without a match on the right. Labels and values
     * are kept as they are.
     */
    private static Vector setOperation(Expr.Binary b, Vector lhs, Vector rhs) {
        Set<SortedMap<String, String>> rightKeys = new java.util.HashSet<>();
        rhs.samples().forEach(s -> rightKeys.add(matchKey(b, s.labels())));
        List<VectorSample> out = new ArrayList<>();
        switch (b.op()) {
            case "and" ->
                lhs.samples().stream()
                        .filter(s -> rightKeys.contains(matchKey(b, s.labels())))
                        .forEach(out::add);
            case "unless" ->
                lhs.samples().stream()
                        .filter(s -> !rightKeys.contains(matchKey(b, s.labels())))
                        .forEach(out::add);
            default -> {
                Set<SortedMap<String, String>> leftKeys = new java.util.HashSet<>();
                for (VectorSample sample : lhs.samples()) {
                    leftKeys.add(matchKey(b, sample.labels()));
                    out.add(sample);
                }
                rhs.samples().stream()
                        .filter(s -> !leftKeys.contains(matchKey(b, s.labels())))
                        .forEach(out::add);
            }
        }
        return new Vector(out);
    }

    /**
     * Vector-to-vector arithmetic and comparisons as Prometheus' {@code VectorBinop}: one-to-one, or with
     * {@code group_left} (many-to-one) / {@code group_right} (one-to-many), where the "many" side keeps its labels
     * (only the name dropped) plus the {@code group_x(...)} labels copied from the "one" side.
     */
    private Vector vectorVector(Expr.Binary b, Vector lhs, Vector rhs, boolean dropName) {
        boolean oneToMany = b.card() == Expr.Cardinality.ONE_TO_MANY;
        Vector many = oneToMany ? rhs : lhs;
        Vector one = oneToMany ? lhs : rhs;
        Map<SortedMap<String, String>, VectorSample> ones = new HashMap<>();
        for (VectorSample sample : one.samples()) {
            if (ones.put(matchKey(b, sample.labels()), sample) != null) {
                throw new PromQlException("found duplicate series for the match group on the "
                        + (oneToMany ? "left" : "right")
                        + " hand-side of the operation; many-to-many matching not allowed: matching labels must be"
                        + " unique on one side");
            }
        }
        Map<SortedMap<String, String>, Set<SortedMap<String, String>>> matched = new HashMap<>();
        List<VectorSample> out = new ArrayList<>();
        for (VectorSample sample : many.samples()) {
            SortedMap<String, String> key = matchKey(b, sample.labels());
            VectorSample other = ones.get(key);
            if (other == null) {
                continue;
            }
            double l = oneToMany ? other.value() : sample.value();
            double r = oneToMany ? sample.value() : other.value();
            double v = apply(b.op(), l, r);
            SortedMap<String, String> labels = new TreeMap<>(sample.labels());
            if (dropName) {
                labels.remove("__name__");
            }
            if (b.card() == Expr.Cardinality.ONE_TO_ONE) {
                if (b.onGiven()) {
                    labels.keySet().retainAll(b.on());
                } else {
                    b.on().forEach(labels::remove);
                }
            }
            for (String label : b.include()) {
                String value = other.labels().get(label);
                if (value != null && !value.isEmpty()) {
                    labels.put(label, value);
                } else {
                    labels.remove(label);
                }
            }
            Set<SortedMap<String, String>> inserted = matched.get(key);
            if (b.card() == Expr.Cardinality.ONE_TO_ONE) {
                if (inserted != null) {
                    throw new PromQlException("found duplicate series for the match group on the left hand-side of"
                            + " the operation; many-to-many matching not allowed");
                }
                matched.put(key, Set.of());
            } else {
                if (inserted == null) {
                    inserted = new java.util.HashSet<>();
                    matched.put(key, inserted);
                }
                if (!inserted.add(labels)) {
                    throw new PromQlException(
                            "multiple matches for labels: grouping labels must ensure unique matches");
                }
            }
            if (COMPARISONS.contains(b.op()) && !b.returnBool()) {
                if (v == 1.0) {
                    out.add(new VectorSample(labels, l));
                }
            } else {
                out.add(new VectorSample(labels, v));
            }
        }
        return new Vector(out);
    }

    private static SortedMap<String, String> matchKey(Expr.Binary b, SortedMap<String, String> labels) {
        SortedMap<String, String> key = new TreeMap<>();
        if (b.onGiven()) {
            for (String label : b.on()) {
                String value = labels.get(label);
                if (value != null) {
                    key.put(label, value);
                }
            }
        } else {
            key.putAll(labels);
            key.remove("__name__");
            b.on().forEach(key::remove);
        }
        return key;
    }

    private static double apply(String op, double l, double r) {
        return switch (op) {
            case "+" -> l + r;
            case "-" -> l - r;
            case "*" -> l * r;
            case "/" -> l / r;
            case "%" -> l % r;
            case "^" -> Math.pow(l, r);
            case "==" -> l == r ? 1 : 0;
            case "!=" -> l != r ? 1 : 0;
            case ">" -> l > r ? 1 : 0;
            case "<" -> l < r ? 1 : 0;
            case ">=" -> l >= r ? 1 : 0;
            case "<=" -> l <= r ? 1 : 0;
            default -> throw new PromQlException("operator " + op + " is not supported");
        };
    }

    private static SortedMap<String, String> dropName(SortedMap<String, String> labels) {
        if (!labels.containsKey("__name__")) {
            return labels;
        }
        SortedMap<String, String> copy = new TreeMap<>(labels);
        copy.remove("__name__");
        return copy;
    }
}
