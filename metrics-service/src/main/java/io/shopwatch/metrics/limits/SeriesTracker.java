package io.shopwatch.metrics.limits;

import io.shopwatch.metrics.sample.Sample;
import io.shopwatch.metrics.sample.Sample.SeriesId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The series each org has sent recently, to enforce the series limits before anything is stored (what Mimir's
 * ingesters do with their in-memory series). Memory is bounded: at most {@code maxTrackedSeries} series are held over
 * all orgs together (about 100 bytes each), every org at most its {@code maxSeriesPerOrg}. A series not seen for
 * {@code idleTimeout} is forgotten when room is needed, so an org whose labels changed is not locked out for good.
 *
 * <p>A group of series (a histogram's buckets, sum and count) is admitted all or nothing. Series are told apart by a
 * 64-bit hash of name and labels; two series with the same hash count as one.
 *
 * <p>A metric whose definition sets {@code max_label_values} also has the distinct values of each of its labels kept
 * (bucket bounds {@code le} and {@code quantile} aside): a new series bringing a value past the limit is refused. Like
 * Micrometer's {@code maximumAllowableTags}, first come, first served, and the values are never forgotten; the memory
 * is bounded by the definitions (at most {@code max_label_values} per label of such a metric).
 */
public final class SeriesTracker {

    /** The outcome of {@link #admit}: {@code null} when admitted, else the refusal. */
    public record Admission(Refusal.Rejection rejection) {
        static final Admission OK = new Admission(null);

        public boolean admitted() {
            return rejection == null;
        }
    }

    /** A metric and its series count, for the cardinality report. */
    public record MetricSeries(String metric, int series) {}

    /** Labels whose values are bounded by the data itself: bucket bounds and quantiles. */
    private static final Set<String> UNLIMITED_LABELS = Set.of("le", "quantile");

    private final Map<String, OrgSeries> orgs = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final long maxTrackedSeries;
    private final Duration idleTimeout;
    private final Clock clock;

    public SeriesTracker(long maxTrackedSeries, Duration idleTimeout, Clock clock) {
        this.maxTrackedSeries = maxTrackedSeries;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    /** Admits the series of one sample (or of one histogram) for {@code org}, or says which limit refuses them. */
    public Admission admit(String org, List<SeriesId> series, MetricLimits limits) {
        return orgs.computeIfAbsent(org, o -> new OrgSeries()).admit(series, null, limits);
    }

    /** {@link #admit} with the samples' labels, so that the per-label value limit applies too. */
    public Admission admitSamples(String org, List<Sample> samples, MetricLimits limits) {
        List<SeriesId> ids = new ArrayList<>(samples.size());
        Map<Long, Map<String, String>> labels = new HashMap<>();
        for (Sample sample : samples) {
            SeriesId id = sample.series();
            ids.add(id);
            labels.putIfAbsent(id.hash(), sample.labels());
        }
        return orgs.computeIfAbsent(org, o -> new OrgSeries()).admit(ids, labels, limits);
    }

    /** Series tracked over all orgs. */
    public long trackedSeries() {
        return total.get();
    }

    /** Series tracked for an org. */
    public int seriesOf(String org) {
        OrgSeries series = orgs.get(org);
        return series == null ? 0 : series.size();
    }

    /** The org's metrics with the most series, most first. */
    public List<MetricSeries> topMetrics(String org, int limit) {
        OrgSeries series = orgs.get(org);
        return series == null ? List.of() : series.top(limit);
    }

    private final class OrgSeries {
        private final Map<Long, Entry> series = new HashMap<>();
        private final Map<String, int[]> perMetric = new HashMap<>();
        /** Metric, then label name, to its distinct values; only for metrics with a per-label value limit. */
        private final Map<String, Map<String, Set<String>>> labelValues = new HashMap<>();

        private long lastSweepMillis = Long.MIN_VALUE;

        synchronized int size() {
            return series.size();
        }

        synchronized List<MetricSeries> top(int limit) {
            List<MetricSeries> all = new ArrayList<>(perMetric.size());
            perMetric.forEach((metric, count) -> all.add(new MetricSeries(metric, count[0])));
            all.sort(Comparator.comparingInt(MetricSeries::series).reversed().thenComparing(MetricSeries::metric));
            return all.subList(0, Math.min(limit, all.size()));
        }

        synchronized Admission admit(List<SeriesId> ids, Map<Long, Map<String, String>> labels, MetricLimits limits) {
            long now = clock.millis();
            Map<Long, String> fresh = new LinkedHashMap<>();
            for (SeriesId id : ids) {
                Entry known = series.get(id.hash());
                if (known != null) {
                    known.lastSeen = now;
                } else {
                    fresh.putIfAbsent(id.hash(), id.metric());
                }
            }
            if (fresh.isEmpty()) {
                return Admission.OK;
            }
            Admission refused = check(fresh, limits);
            if (refused != null && sweep(now)) {
                refused = check(fresh, limits);
            }
            if (refused != null) {
                return refused;
            }
            Map<String, Map<String, Set<String>>> newValues =
                    labels == null || limits.maxLabelValues() <= 0 ? Map.of() : newLabelValues(fresh, labels);
            refused = checkLabelValues(newValues, limits.maxLabelValues());
            if (refused != null) {
                return refused;
            }
            if (total.addAndGet(fresh.size()) > maxTrackedSeries) {
                total.addAndGet(-fresh.size());
                return new Admission(Refusal.MAX_SERIES_TOTAL.because(
                        "ShopWatch tracks at most " + maxTrackedSeries + " series over all orgs"));
            }
            fresh.forEach((hash, metric) -> {
                series.put(hash, new Entry(metric, now));
                perMetric.computeIfAbsent(metric, m -> new int[1])[0]++;
            });
            newValues.forEach((metric, byLabel) -> byLabel.forEach((label, values) -> labelValues
                    .computeIfAbsent(metric, m -> new HashMap<>())
                    .computeIfAbsent(label, l -> new java.util.HashSet<>())
                    .addAll(values)));
            return Admission.OK;
        }

        /** The label values of the fresh series not seen before, by metric and label. */
        private Map<String, Map<String, Set<String>>> newLabelValues(
                Map<Long, String> fresh, Map<Long, Map<String, String>> labels) {
            Map<String, Map<String, Set<String>>> added = new HashMap<>();
            fresh.forEach((hash, metric) -> {
                Map<String, Set<String>> known = labelValues.getOrDefault(metric, Map.of());
                for (Map.Entry<String, String> label :
                        labels.getOrDefault(hash, Map.of()).entrySet()) {
                    if (UNLIMITED_LABELS.contains(label.getKey())) {
                        continue;
                    }
                    if (!known.getOrDefault(label.getKey(), Set.of()).contains(label.getValue())) {
                        added.computeIfAbsent(metric, m -> new HashMap<>())
                                .computeIfAbsent(label.getKey(), l -> new java.util.HashSet<>())
                                .add(label.getValue());
                    }
                }
            });
            return added;
        }

        private Admission checkLabelValues(Map<String, Map<String, Set<String>>> added, int max) {
            for (Map.Entry<String, Map<String, Set<String>>> metric : added.entrySet()) {
                Map<String, Set<String>> known = labelValues.getOrDefault(metric.getKey(), Map.of());
                for (Map.Entry<String, Set<String>> label : metric.getValue().entrySet()) {
                    int existing = known.getOrDefault(label.getKey(), Set.of()).size();
                    if (existing + label.getValue().size() > max) {
                        return new Admission(Refusal.MAX_LABEL_VALUES_PER_LABEL.because("label '" + label.getKey()
                                + "' of " + metric.getKey() + " already has " + existing
                                + " distinct values, the limit of " + max + " of its definition"));
                    }
                }
            }
            return null;
        }

        private Admission check(Map<Long, String> fresh, MetricLimits limits) {
            if (series.size() + fresh.size() > limits.maxSeriesPerOrg()) {
                return new Admission(Refusal.MAX_SERIES_PER_ORG.because(
                        "per-org series limit of " + limits.maxSeriesPerOrg() + " exceeded"));
            }
            Map<String, Integer> added = new HashMap<>();
            fresh.values().forEach(metric -> added.merge(metric, 1, Integer::sum));
            for (Map.Entry<String, Integer> metric : added.entrySet()) {
                int[] count = perMetric.get(metric.getKey());
                int existing = count == null ? 0 : count[0];
                if (existing + metric.getValue() > limits.maxSeriesPerMetric()) {
                    return new Admission(Refusal.MAX_SERIES_PER_METRIC.because("per-metric series limit of "
                            + limits.maxSeriesPerMetric() + " exceeded for " + metric.getKey()));
                }
            }
            return null;
        }

        /** Forgets idle series, at most once per tenth of the idle timeout; whether any was forgotten. */
        private boolean sweep(long now) {
            long every = Math.max(1, idleTimeout.toMillis() / 10);
            if (lastSweepMillis != Long.MIN_VALUE && now - lastSweepMillis < every) {
                return false;
            }
            lastSweepMillis = now;
            long oldest = now - idleTimeout.toMillis();
            int removed = 0;
            for (Iterator<Entry> it = series.values().iterator(); it.hasNext(); ) {
                Entry entry = it.next();
                if (entry.lastSeen < oldest) {
                    it.remove();
                    removed++;
                    int[] count = perMetric.get(entry.metric);
                    if (--count[0] == 0) {
                        perMetric.remove(entry.metric);
                    }
                }
            }
            total.addAndGet(-removed);
            return removed > 0;
        }
    }

    private static final class Entry {
        final String metric;
        long lastSeen;

        Entry(String metric, long lastSeen) {
            this.metric = metric;
            this.lastSeen = lastSeen;
        }
    }
}
