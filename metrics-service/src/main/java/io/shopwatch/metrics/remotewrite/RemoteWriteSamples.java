package io.shopwatch.metrics.remotewrite;

import io.shopwatch.metrics.ingest.Item;
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

/**
 * Turns a decoded remote-write request into {@link Item}s, one per sample, checked like the JSON API's: metric name
 * from {@code __name__}, labels, finite values. The type comes from the request's metadata (the family of
 * {@code x_bucket}/{@code x_sum}/{@code x_count} is {@code x}), gauge when none is sent, as OpenObserve does.
 * Prometheus staleness markers are left out (counted as {@code stale_marker}, not an error); native histograms are
 * refused.
 */
public final class RemoteWriteSamples {

    /** Prometheus' {@code StaleNaN}. */
    static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    /**
     * The items of a request and what was left out.
     *
     * @param staleMarkers staleness markers not stored
     */
    public record Read(List<Item> items, int staleMarkers) {}

    private final SampleChecks checks;
    private final LimitsProvider limits;

    public RemoteWriteSamples(SampleChecks checks, LimitsProvider limits) {
        this.checks = checks;
        this.limits = limits;
    }

    public Read read(String org, RemoteWriteRequest request) {
        List<Item> items = new ArrayList<>();
        int stale = 0;
        List<RemoteWriteRequest.TimeSeries> all = request.series();
        for (int index = 0; index < all.size(); index++) {
            RemoteWriteRequest.TimeSeries series = all.get(index);
            String name = series.label("__name__");
            MetricLimits limits = this.limits.limits(org, name == null ? "" : SampleChecks.storedName(name));
            Refusal.Rejection bad = series.histograms() > 0
                    ? Refusal.NATIVE_HISTOGRAM.because("native histograms are not stored; send classic histograms")
                    : checks.checkName(name, limits);
            TreeMap<String, String> labels = new TreeMap<>();
            if (bad == null) {
                Map<String, String> raw = new LinkedHashMap<>();
                for (String[] label : series.labels()) {
                    if (label[0].equals("__name__")) {
                        continue;
                    }
                    if (raw.put(label[0], label[1]) != null) {
                        bad = Refusal.DUPLICATE_LABEL_NAMES.because("label '" + label[0] + "' given twice");
                        break;
                    }
                }
                if (bad == null) {
                    bad = checks.checkLabels(raw, limits, labels);
                }
            }
            if (bad != null) {
                items.add(Item.rejected(index, name, bad));
                continue;
            }
            String stored = SampleChecks.storedName(name);
            MetricType type = typeOf(stored, request.types());
            for (int i = 0; i < series.values().length; i++) {
                double value = series.values()[i];
                if (Double.doubleToRawLongBits(value) == STALE_NAN_BITS) {
                    stale++;
                    continue;
                }
                Refusal.Rejection notFinite = checks.checkValue(value);
                items.add(
                        notFinite != null
                                ? Item.rejected(index, name, notFinite)
                                : Item.accepted(
                                        index,
                                        name,
                                        List.of(new Sample(stored, type, labels, value, series.timestamps()[i]))));
            }
        }
        return new Read(items, stale);
    }

    static MetricType typeOf(String name, Map<String, Integer> types) {
        Integer type = types.get(name);
        if (type == null) {
            for (String suffix : new String[] {"_bucket", "_sum", "_count", "_total"}) {
                if (name.endsWith(suffix)) {
                    type = types.get(name.substring(0, name.length() - suffix.length()));
                    if (type != null) {
                        break;
                    }
                }
            }
        }
        if (type == null) {
            return MetricType.GAUGE;
        }
        return switch (type) {
            case RemoteWriteRequest.COUNTER -> MetricType.COUNTER;
            case RemoteWriteRequest.HISTOGRAM, RemoteWriteRequest.GAUGE_HISTOGRAM -> MetricType.HISTOGRAM;
            case RemoteWriteRequest.SUMMARY -> MetricType.SUMMARY;
            default -> MetricType.GAUGE;
        };
    }
}
