package io.shopwatch.metrics.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.shopwatch.metrics.ingest.Item;
import io.shopwatch.metrics.ingest.JsonSamples;
import io.shopwatch.metrics.limits.LimitsProvider;
import io.shopwatch.metrics.limits.MetricLimits;
import io.shopwatch.metrics.limits.Refusal;
import io.shopwatch.metrics.limits.SampleChecks;
import io.shopwatch.metrics.sample.MetricType;
import io.shopwatch.metrics.sample.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns an OTLP {@code ExportMetricsServiceRequest} into {@link Item}s, one per data point, checked like the JSON API's
 * samples. Names and attribute keys are sanitised as OpenObserve does (every character but letters, digits and
 * {@code _} becomes {@code _}; the name is stored lower case).
 *
 * <ul>
 *   <li>gauge → gauge; sum → counter when monotonic and cumulative, else gauge;
 *   <li>histogram → {@code <name>_bucket} (cumulative, {@code le}, {@code +Inf} = count), {@code <name>_sum},
 *       {@code <name>_count};
 *   <li>exponential histogram → the same classic series ({@link ExponentialBuckets});
 *   <li>summary → {@code <name>{quantile}}, {@code <name>_sum}, {@code <name>_count}.
 * </ul>
 *
 * Histograms and summaries of delta temporality are refused ({@code delta_temporality}): their buckets are not
 * cumulative series. Resource attributes become the {@code job} ({@code service.namespace/service.name}) and
 * {@code instance} ({@code service.instance.id}) labels, as Prometheus' OTLP receiver does; the other resource
 * attributes are not stored (they would add a label to every series). A data point flagged "no recorded value" is a
 * staleness marker: left out and counted as {@code stale_marker}.
 */
public final class OtlpMetricsReader {

    private static final Pattern NOT_NAME = Pattern.compile("[^a-zA-Z0-9_]");

    /**
     * The items of a request.
     *
     * @param items one per data point
     * @param staleMarkers data points flagged "no recorded value", not stored
     */
    public record Read(List<Item> items, int staleMarkers) {}

    private final SampleChecks checks;
    private final LimitsProvider limits;
    private final int maxExponentialBuckets;

    public OtlpMetricsReader(SampleChecks checks, LimitsProvider limits, int maxExponentialBuckets) {
        this.checks = checks;
        this.limits = limits;
        this.maxExponentialBuckets = maxExponentialBuckets;
    }

    /** Data points in the request, for the request size limit before anything is read. */
    public static int dataPoints(ExportMetricsServiceRequest request) {
        int points = 0;
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric metric : sm.getMetricsList()) {
                    points += switch (metric.getDataCase()) {
                        case GAUGE -> metric.getGauge().getDataPointsCount();
                        case SUM -> metric.getSum().getDataPointsCount();
                        case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
                        case EXPONENTIAL_HISTOGRAM ->
                            metric.getExponentialHistogram().getDataPointsCount();
                        case SUMMARY -> metric.getSummary().getDataPointsCount();
                        default -> 0;
                    };
                }
            }
        }
        return points;
    }

    public Read read(String org, ExportMetricsServiceRequest request) {
        List<Item> items = new ArrayList<>();
        int[] stale = {0};
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            Map<String, String> target = targetLabels(rm.getResource().getAttributesList());
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric metric : sm.getMetricsList()) {
                    new MetricReader(org, metric, target, items, stale).read();
                }
            }
        }
        return new Read(items, stale[0]);
    }

    /** {@code job} and {@code instance} from the resource's service attributes. */
    static Map<String, String> targetLabels(List<KeyValue> resource) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue kv : resource) {
            attributes.put(kv.getKey(), text(kv.getValue()));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        String service = attributes.get("service.name");
        String namespace = attributes.get("service.namespace");
        if (service != null && !service.isEmpty()) {
            labels.put("job", namespace == null || namespace.isEmpty() ? service : namespace + "/" + service);
        }
        String instance = attributes.get("service.instance.id");
        if (instance != null && !instance.isEmpty()) {
            labels.put("instance", instance);
        }
        return labels;
    }

    /** OpenObserve's name formatting: any other character than a letter, digit or '_' becomes '_'. */
    static String sanitise(String name) {
        return NOT_NAME.matcher(name).replaceAll("_");
    }

    /** An attribute value as label text: strings as they are, arrays and maps in a JSON-like notation. */
    static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case ARRAY_VALUE ->
                value.getArrayValue().getValuesList().stream()
                        .map(OtlpMetricsReader::text)
                        .collect(Collectors.joining(",", "[", "]"));
            case KVLIST_VALUE ->
                value.getKvlistValue().getValuesList().stream()
                        .map(kv -> kv.getKey() + ":" + text(kv.getValue()))
                        .collect(Collectors.joining(",", "{", "}"));
            case BYTES_VALUE ->
                java.util.Base64.getEncoder()
                        .encodeToString(value.getBytesValue().toByteArray());
            default -> "";
        };
    }

    /** A data point's checked labels, or why they were refused. */
    private record Labels(TreeMap<String, String> labels, Refusal.Rejection rejection) {
        static Labels refused(Refusal.Rejection rejection) {
            return new Labels(null, rejection);
        }
    }

    /** Reads the data points of one metric. */
    private final class MetricReader {

        private final String org;
        private final Metric metric;
        private final Map<String, String> target;
        private final List<Item> items;
        private final int[] stale;
        private final String name;
        private final MetricLimits metricLimits;
        private final Refusal.Rejection badName;

        MetricReader(String org, Metric metric, Map<String, String> target, List<Item> items, int[] stale) {
            this.org = org;
            this.metric = metric;
            this.target = target;
            this.items = items;
            this.stale = stale;
            this.name = sanitise(metric.getName());
            this.metricLimits = limits.limits(org, name.isEmpty() ? "" : SampleChecks.storedName(name));
            this.badName = checks.checkName(name, metricLimits);
        }

        void read() {
            switch (metric.getDataCase()) {
                case GAUGE -> metric.getGauge().getDataPointsList().forEach(p -> number(p, MetricType.GAUGE));
                case SUM -> {
                    boolean counter = metric.getSum().getIsMonotonic()
                            && metric.getSum().getAggregationTemporality()
                                    == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
                    MetricType type = counter ? MetricType.COUNTER : MetricType.GAUGE;
                    metric.getSum().getDataPointsList().forEach(p -> number(p, type));
                }
                case HISTOGRAM -> {
                    boolean delta = metric.getHistogram().getAggregationTemporality()
                            == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                    metric.getHistogram().getDataPointsList().forEach(p -> histogram(p, delta));
                }
                case EXPONENTIAL_HISTOGRAM -> {
                    boolean delta = metric.getExponentialHistogram().getAggregationTemporality()
                            == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                    metric.getExponentialHistogram().getDataPointsList().forEach(p -> exponential(p, delta));
                }
                case SUMMARY -> metric.getSummary().getDataPointsList().forEach(this::summary);
                default ->
                    items.add(Item.rejected(
                            items.size(),
                            metric.getName(),
                            Refusal.MALFORMED.because("metric '" + metric.getName() + "' has no data")));
            }
        }

        private boolean stale(int flags) {
            if ((flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0) {
                stale[0]++;
                return true;
            }
            return false;
        }

        /** The data point's labels, or the refusal; {@code extra} is the number of labels added later (le). */
        private Labels labels(List<KeyValue> attributes, int extra) {
            if (badName != null) {
                return Labels.refused(badName);
            }
            Map<String, String> raw = new LinkedHashMap<>(target);
            for (KeyValue kv : attributes) {
                String key = sanitise(kv.getKey());
                if (raw.put(key, text(kv.getValue())) != null) {
                    return Labels.refused(Refusal.DUPLICATE_LABEL_NAMES.because(
                            "attribute '" + kv.getKey() + "' gives label '" + key + "' twice"));
                }
            }
            TreeMap<String, String> labels = new TreeMap<>();
            Refusal.Rejection bad = checks.checkLabels(raw, metricLimits, labels);
            if (bad != null) {
                return Labels.refused(bad);
            }
            if (extra > 0 && labels.size() + extra > metricLimits.maxLabelNamesPerSeries()) {
                return Labels.refused(Refusal.MAX_LABEL_NAMES_PER_SERIES.because("bucket series have "
                        + (labels.size() + extra) + " labels, more than the limit of "
                        + metricLimits.maxLabelNamesPerSeries()));
            }
            return new Labels(labels, null);
        }

        private long millis(long nanos) {
            return nanos == 0 ? checks.clock().millis() : Long.divideUnsigned(nanos, 1_000_000L);
        }

        private void reject(Refusal.Rejection rejection) {
            items.add(Item.rejected(items.size(), metric.getName(), rejection));
        }

        private void accept(List<Sample> samples) {
            items.add(Item.accepted(items.size(), metric.getName(), samples));
        }

        private void number(NumberDataPoint point, MetricType type) {
            if (stale(point.getFlags())) {
                return;
            }
            Labels labels = labels(point.getAttributesList(), 0);
            if (labels.rejection() != null) {
                reject(labels.rejection());
                return;
            }
            double value;
            switch (point.getValueCase()) {
                case AS_DOUBLE -> value = point.getAsDouble();
                case AS_INT -> value = point.getAsInt();
                default -> {
                    reject(Refusal.MALFORMED.because("a data point of '" + metric.getName() + "' has no value"));
                    return;
                }
            }
            Refusal.Rejection bad = checks.checkValue(value);
            if (bad != null) {
                reject(bad);
                return;
            }
            String stored = SampleChecks.storedName(name);
            accept(List.of(new Sample(stored, type, labels.labels(), value, millis(point.getTimeUnixNano()))));
        }

        private void histogram(HistogramDataPoint point, boolean delta) {
            if (stale(point.getFlags())) {
                return;
            }
            if (delta) {
                reject(deltaRefusal());
                return;
            }
            Labels labels = labels(point.getAttributesList(), 1);
            if (labels.rejection() != null) {
                reject(labels.rejection());
                return;
            }
            int bounds = point.getExplicitBoundsCount();
            if (point.getBucketCountsCount() != 0 && point.getBucketCountsCount() != bounds + 1) {
                reject(Refusal.INVALID_HISTOGRAM.because(
                        "a histogram data point needs one bucket count more than explicit bounds"));
                return;
            }
            TreeMap<Double, Double> buckets = new TreeMap<>();
            double cumulative = 0;
            double previousBound = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < bounds && point.getBucketCountsCount() > 0; i++) {
                double bound = point.getExplicitBounds(i);
                if (!(bound > previousBound) || Double.isNaN(bound)) {
                    reject(Refusal.INVALID_HISTOGRAM.because("explicit bounds must increase"));
                    return;
                }
                previousBound = bound;
                if (point.getBucketCounts(i) < 0) {
                    reject(Refusal.INVALID_HISTOGRAM.because("a bucket count is beyond 2^63"));
                    return;
                }
                cumulative += point.getBucketCounts(i);
                buckets.put(bound, cumulative);
            }
            double count = point.getCount();
            if (cumulative > count || count < 0) {
                reject(Refusal.INVALID_HISTOGRAM.because("the buckets hold more values than the count"));
                return;
            }
            buckets.put(Double.POSITIVE_INFINITY, count);
            accept(series(
                    labels.labels(),
                    buckets,
                    point.hasSum() ? point.getSum() : null,
                    count,
                    millis(point.getTimeUnixNano())));
        }

        private void exponential(ExponentialHistogramDataPoint point, boolean delta) {
            if (stale(point.getFlags())) {
                return;
            }
            if (delta) {
                reject(deltaRefusal());
                return;
            }
            Labels labels = labels(point.getAttributesList(), 1);
            if (labels.rejection() != null) {
                reject(labels.rejection());
                return;
            }
            TreeMap<Double, Double> buckets;
            try {
                buckets = ExponentialBuckets.toClassic(
                        point.getScale(),
                        point.getZeroCount(),
                        side(point.getPositive()),
                        side(point.getNegative()),
                        point.getCount(),
                        maxExponentialBuckets);
            } catch (IllegalArgumentException e) {
                reject(Refusal.INVALID_HISTOGRAM.because(e.getMessage()));
                return;
            }
            accept(series(
                    labels.labels(),
                    buckets,
                    point.hasSum() ? point.getSum() : null,
                    point.getCount(),
                    millis(point.getTimeUnixNano())));
        }

        private void summary(SummaryDataPoint point) {
            if (stale(point.getFlags())) {
                return;
            }
            Labels labels = labels(point.getAttributesList(), 1);
            if (labels.rejection() != null) {
                reject(labels.rejection());
                return;
            }
            TreeMap<String, String> own = labels.labels();
            if (own.containsKey("quantile")) {
                reject(Refusal.INVALID_HISTOGRAM.because("a summary's own labels may not include 'quantile'"));
                return;
            }
            String stored = SampleChecks.storedName(name);
            long time = millis(point.getTimeUnixNano());
            List<Sample> samples = new ArrayList<>();
            for (SummaryDataPoint.ValueAtQuantile q : point.getQuantileValuesList()) {
                if (!Double.isFinite(q.getValue())) {
                    continue;
                }
                TreeMap<String, String> withQuantile = new TreeMap<>(own);
                withQuantile.put("quantile", JsonSamples.formatBound(q.getQuantile()));
                samples.add(new Sample(stored, MetricType.SUMMARY, withQuantile, q.getValue(), time));
            }
            if (Double.isFinite(point.getSum())) {
                samples.add(new Sample(stored + "_sum", MetricType.SUMMARY, own, point.getSum(), time));
            }
            samples.add(new Sample(stored + "_count", MetricType.SUMMARY, own, point.getCount(), time));
            accept(samples);
        }

        private List<Sample> series(
                TreeMap<String, String> labels, TreeMap<Double, Double> buckets, Double sum, double count, long time) {
            String stored = SampleChecks.storedName(name);
            List<Sample> samples = new ArrayList<>(buckets.size() + 2);
            for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
                TreeMap<String, String> withLe = new TreeMap<>(labels);
                withLe.put("le", JsonSamples.formatBound(bucket.getKey()));
                samples.add(new Sample(stored + "_bucket", MetricType.HISTOGRAM, withLe, bucket.getValue(), time));
            }
            if (sum != null && Double.isFinite(sum)) {
                samples.add(new Sample(stored + "_sum", MetricType.HISTOGRAM, labels, sum, time));
            }
            samples.add(new Sample(stored + "_count", MetricType.HISTOGRAM, labels, count, time));
            return samples;
        }

        private Refusal.Rejection deltaRefusal() {
            return Refusal.DELTA_TEMPORALITY.because("histogram '" + metric.getName()
                    + "' has delta temporality; configure the exporter for cumulative temporality");
        }
    }

    private static ExponentialBuckets.Side side(ExponentialHistogramDataPoint.Buckets buckets) {
        long[] counts = new long[buckets.getBucketCountsCount()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets.getBucketCounts(i);
        }
        return new ExponentialBuckets.Side(buckets.getOffset(), counts);
    }
}
