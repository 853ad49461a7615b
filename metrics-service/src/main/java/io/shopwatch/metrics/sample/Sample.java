package io.shopwatch.metrics.sample;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One sample of one series, as it is stored: OpenObserve's layout has one stream per {@code name} (a histogram is
 * already split into its {@code _bucket}, {@code _sum} and {@code _count} series here), the labels as fields, the value
 * and the time.
 *
 * @param name the series' metric name, which is also its stream
 * @param type the type of the metric family the series belongs to
 * @param labels label names to values, sorted by name, without {@code __name__}
 * @param value the sample's value: any double, NaN, ±Inf and the staleness marker included (see {@link SpecialValues})
 * @param timestampMillis the sample's time, milliseconds since the epoch
 */
public record Sample(
        String name, MetricType type, SortedMap<String, String> labels, double value, long timestampMillis) {

    public Sample {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        labels = labels instanceof TreeMap<String, String> sorted ? sorted : new TreeMap<>(labels);
    }

    /** The series this sample belongs to. */
    public SeriesId series() {
        return SeriesId.of(name, labels);
    }

    /** The series in Prometheus' notation, {@code name{a="1",b="2"}}, for messages. */
    public String describe() {
        return describe(name, labels);
    }

    /** {@code name{a="1",b="2"}}. */
    public static String describe(String name, Map<String, String> labels) {
        StringBuilder text = new StringBuilder(name).append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!first) {
                text.append(',');
            }
            first = false;
            text.append(label.getKey())
                    .append("=\"")
                    .append(shorten(label.getValue()))
                    .append('"');
        }
        return text.append('}').toString();
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }

    /** 64-bit identity of a series: FNV-1a over the name and the sorted labels. */
    public record SeriesId(String metric, long hash) {

        public static SeriesId of(String name, SortedMap<String, String> labels) {
            long hash = 0xcbf29ce484222325L;
            hash = mix(hash, name);
            for (Map.Entry<String, String> label : labels.entrySet()) {
                hash = mix(hash, label.getKey());
                hash = mix(hash, label.getValue());
            }
            return new SeriesId(name, hash);
        }

        private static long mix(long hash, String part) {
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                hash ^= b & 0xff;
                hash *= 0x100000001b3L;
            }
            hash ^= 0xff; // separator, not a UTF-8 byte
            hash *= 0x100000001b3L;
            return hash;
        }
    }
}
