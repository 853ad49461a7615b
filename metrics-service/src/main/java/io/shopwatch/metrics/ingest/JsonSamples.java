package io.shopwatch.metrics.ingest;

import io.shopwatch.metrics.limits.LimitsProvider;
import io.shopwatch.metrics.limits.MetricLimits;
import io.shopwatch.metrics.limits.Refusal;
import io.shopwatch.metrics.limits.SampleChecks;
import io.shopwatch.metrics.sample.MetricType;
import io.shopwatch.metrics.sample.Sample;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Reads ShopWatch's metrics JSON: an array (or one object) of
 * {@code {"name","type":"counter|gauge|histogram","value" | "buckets"+"sum"+"count","labels":{},"timestamp"?,"unit"?,"help"?}}.
 * Each element becomes one {@link Item}, checked on its own; a histogram becomes its {@code <name>_bucket} series
 * (one per {@code le}, cumulative, {@code +Inf} added from {@code count} when absent), {@code <name>_sum} and
 * {@code <name>_count}, as OpenObserve stores histograms.
 *
 * <p>{@code timestamp}: milliseconds since the epoch, or RFC 3339 text; absent means now. {@code buckets}: an object of
 * upper bound to cumulative count ({@code {"0.5":3,"1":7,"+Inf":9}}).
 */
public final class JsonSamples {

    private final SampleChecks checks;
    private final LimitsProvider limits;

    public JsonSamples(SampleChecks checks, LimitsProvider limits) {
        this.checks = checks;
        this.limits = limits;
    }

    public List<Item> read(String org, JsonNode body) {
        List<JsonNode> elements = new ArrayList<>();
        if (body.isArray()) {
            body.values().forEach(elements::add);
        } else {
            elements.add(body);
        }
        List<Item> items = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            items.add(readOne(org, i, elements.get(i)));
        }
        return items;
    }

    private Item readOne(String org, int index, JsonNode node) {
        if (!node.isObject()) {
            return Item.rejected(index, null, Refusal.MALFORMED.because("a sample is a JSON object"));
        }
        JsonNode nameNode = node.path("name");
        String name = nameNode.isString() ? nameNode.stringValue() : null;
        MetricLimits limits = this.limits.limits(org, name == null ? "" : SampleChecks.storedName(name));
        Refusal.Rejection bad = checks.checkName(name, limits);
        if (bad != null) {
            return Item.rejected(index, name, bad);
        }
        String stored = SampleChecks.storedName(name);
        MetricType type = MetricType.GAUGE;
        JsonNode typeNode = node.path("type");
        if (!typeNode.isMissingNode() && !typeNode.isNull()) {
            type = typeNode.isString() ? MetricType.parse(typeNode.stringValue()) : null;
            if (type == null || type == MetricType.SUMMARY) {
                return Item.rejected(
                        index, name, Refusal.INVALID_TYPE.because("type must be counter, gauge or histogram"));
            }
        }
        TreeMap<String, String> labels = new TreeMap<>();
        JsonNode labelsNode = node.path("labels");
        if (!labelsNode.isMissingNode() && !labelsNode.isNull()) {
            if (!labelsNode.isObject()) {
                return Item.rejected(index, name, Refusal.MALFORMED.because("labels must be an object"));
            }
            Map<String, String> raw = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> label : labelsNode.properties()) {
                JsonNode value = label.getValue();
                if (!value.isValueNode()) {
                    return Item.rejected(
                            index, name, Refusal.MALFORMED.because("label '" + label.getKey() + "' must be a string"));
                }
                raw.put(label.getKey(), value.isNull() ? null : value.asString());
            }
            bad = checks.checkLabels(raw, limits, labels);
            if (bad != null) {
                return Item.rejected(index, name, bad);
            }
        }
        long timestamp;
        try {
            timestamp = timestamp(node.path("timestamp"));
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            return Item.rejected(
                    index,
                    name,
                    Refusal.MALFORMED.because("timestamp must be milliseconds since the epoch or RFC 3339 text"));
        }
        if (type == MetricType.HISTOGRAM) {
            return histogram(index, name, stored, labels, timestamp, node, limits);
        }
        JsonNode value = node.path("value");
        if (!value.isNumber()) {
            return Item.rejected(index, name, Refusal.MALFORMED.because("value must be a number"));
        }
        bad = checks.checkValue(value.doubleValue());
        if (bad != null) {
            return Item.rejected(index, name, bad);
        }
        return Item.accepted(index, name, List.of(new Sample(stored, type, labels, value.doubleValue(), timestamp)));
    }

    private Item histogram(
            int index,
            String name,
            String stored,
            TreeMap<String, String> labels,
            long timestamp,
            JsonNode node,
            MetricLimits limits) {
        if (labels.containsKey("le")) {
            return Item.rejected(
                    index, name, Refusal.INVALID_HISTOGRAM.because("a histogram's own labels may not include 'le'"));
        }
        if (labels.size() + 1 > limits.maxLabelNamesPerSeries()) {
            return Item.rejected(
                    index,
                    name,
                    Refusal.MAX_LABEL_NAMES_PER_SERIES.because("bucket series have " + (labels.size() + 1)
                            + " labels, more than the limit of " + limits.maxLabelNamesPerSeries()));
        }
        JsonNode buckets = node.path("buckets");
        JsonNode sum = node.path("sum");
        JsonNode count = node.path("count");
        if (!buckets.isObject() || !sum.isNumber() || !count.isNumber()) {
            return Item.rejected(
                    index,
                    name,
                    Refusal.INVALID_HISTOGRAM.because(
                            "a histogram needs buckets (upper bound to cumulative count), sum and count"));
        }
        TreeMap<Double, Double> bounds = new TreeMap<>();
        for (Map.Entry<String, JsonNode> bucket : buckets.properties()) {
            double le;
            try {
                le = parseBound(bucket.getKey());
            } catch (NumberFormatException e) {
                return Item.rejected(
                        index,
                        name,
                        Refusal.INVALID_HISTOGRAM.because("bucket bound '" + bucket.getKey() + "' is not a number"));
            }
            if (!bucket.getValue().isNumber() || bucket.getValue().doubleValue() < 0 || Double.isNaN(le)) {
                return Item.rejected(
                        index, name, Refusal.INVALID_HISTOGRAM.because("bucket counts must be numbers >= 0"));
            }
            bounds.put(le, bucket.getValue().doubleValue());
        }
        double total = count.doubleValue();
        if (!Double.isFinite(total) || total < 0 || !Double.isFinite(sum.doubleValue())) {
            return Item.rejected(index, name, Refusal.INVALID_HISTOGRAM.because("sum and count must be finite"));
        }
        bounds.putIfAbsent(Double.POSITIVE_INFINITY, total);
        if (bounds.get(Double.POSITIVE_INFINITY) != total) {
            return Item.rejected(index, name, Refusal.INVALID_HISTOGRAM.because("the +Inf bucket must equal count"));
        }
        List<Sample> samples = new ArrayList<>(bounds.size() + 2);
        double previous = 0;
        for (Map.Entry<Double, Double> bucket : bounds.entrySet()) {
            if (bucket.getValue() < previous) {
                return Item.rejected(
                        index,
                        name,
                        Refusal.INVALID_HISTOGRAM.because("bucket counts must be cumulative (never decrease)"));
            }
            previous = bucket.getValue();
            TreeMap<String, String> withLe = new TreeMap<>(labels);
            withLe.put("le", formatBound(bucket.getKey()));
            samples.add(new Sample(stored + "_bucket", MetricType.HISTOGRAM, withLe, bucket.getValue(), timestamp));
        }
        samples.add(new Sample(stored + "_sum", MetricType.HISTOGRAM, labels, sum.doubleValue(), timestamp));
        samples.add(new Sample(stored + "_count", MetricType.HISTOGRAM, labels, total, timestamp));
        return Item.accepted(index, name, samples);
    }

    private long timestamp(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return checks.clock().millis();
        }
        if (node.isNumber()) {
            if (node.isIntegralNumber()) {
                return node.longValue();
            }
            return (long) Math.floor(node.doubleValue());
        }
        if (node.isString()) {
            return Instant.parse(node.stringValue()).toEpochMilli();
        }
        throw new IllegalArgumentException("timestamp");
    }

    static double parseBound(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("+Inf") || t.equalsIgnoreCase("Inf")) {
            return Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(t);
    }

    /** An {@code le} value as Prometheus' clients write it: {@code 0.5}, {@code 1}, {@code +Inf}. */
    public static String formatBound(double le) {
        if (le == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (le == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        return BigDecimal.valueOf(le).stripTrailingZeros().toPlainString();
    }
}
