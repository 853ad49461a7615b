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
 * from {@code __name__} and labels. The type comes from the request's metadata (the family of
 * {@code x_bucket}/{@code x_sum}/{@code x_count} is {@code x}), gauge when none is sent, as OpenObserve does. Every
 * value is valid, as in Prometheus: NaN, ±Inf and staleness markers are stored (see
 * {@link io.shopwatch.metrics.sample.SpecialValues}); native histograms are refused.
 */
public final class RemoteWriteSamples {

    /** The items of a request, one per sample. */
    public record Read(List<Item> items) {}

    private final SampleChecks checks;
    private final LimitsProvider limits;

    public RemoteWriteSamples(SampleChecks checks, LimitsProvider limits) {
        this.checks = checks;
        this.limits = limits;
    }

    public Read read(String org, RemoteWriteRequest request) {
        List<Item> items = new ArrayList<>();
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
                items.add(Item.accepted(
                        index,
                        name,
                        List.of(new Sample(stored, type, labels, series.values()[i], series.timestamps()[i]))));
            }
        }
        return new Read(items);
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
