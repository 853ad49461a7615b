package io.shopwatch.metrics.remotewrite;

import java.util.List;
import java.util.Map;

/**
 * A decoded Prometheus remote-write 1.0 {@code WriteRequest}: its series and the metric types its metadata declares.
 *
 * @param series the {@code timeseries} (field 1)
 * @param types metric family name to {@code MetricMetadata.MetricType} number (field 3)
 */
public record RemoteWriteRequest(List<TimeSeries> series, Map<String, Integer> types) {

    /** {@code MetricMetadata.MetricType} numbers of prometheus/prompb/types.proto. */
    public static final int COUNTER = 1;

    public static final int GAUGE = 2;
    public static final int HISTOGRAM = 3;
    public static final int GAUGE_HISTOGRAM = 4;
    public static final int SUMMARY = 5;

    /**
     * One {@code TimeSeries}.
     *
     * @param labels name/value pairs in the order sent (duplicates kept, so that they can be refused)
     * @param values sample values (field 2, {@code Sample.value})
     * @param timestamps sample times in milliseconds ({@code Sample.timestamp})
     * @param histograms native histograms sent (field 4), which ShopWatch does not store
     */
    public record TimeSeries(List<String[]> labels, double[] values, long[] timestamps, int histograms) {

        /** The value of {@code name}, or {@code null}. */
        public String label(String name) {
            for (String[] label : labels) {
                if (label[0].equals(name)) {
                    return label[1];
                }
            }
            return null;
        }
    }
}
