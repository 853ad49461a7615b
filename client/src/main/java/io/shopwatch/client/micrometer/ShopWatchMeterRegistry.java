package io.shopwatch.client.micrometer;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeCounter;
import io.micrometer.core.instrument.cumulative.CumulativeDistributionSummary;
import io.micrometer.core.instrument.cumulative.CumulativeFunctionCounter;
import io.micrometer.core.instrument.cumulative.CumulativeFunctionTimer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.Histogram;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.NoopHistogram;
import io.micrometer.core.instrument.distribution.TimeWindowFixedBoundaryHistogram;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.internal.DefaultGauge;
import io.micrometer.core.instrument.internal.DefaultLongTaskTimer;
import io.micrometer.core.instrument.internal.DefaultMeter;
import io.micrometer.core.instrument.push.PushMeterRegistry;
import io.micrometer.core.instrument.push.PushRegistryConfig;
import io.micrometer.core.instrument.util.NamedThreadFactory;
import io.shopwatch.client.MetricSample;
import io.shopwatch.client.ShopWatchClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A Micrometer registry that ships a service's meters to ShopWatch ({@code POST /api/v1/metrics}) every
 * {@code step}, through a {@link ShopWatchClient}: batched, retried, and never blocking the application (a full queue
 * drops and counts, see the client's {@code stats()}).
 *
 * <p>Values are cumulative, as Prometheus has them, and named the way Prometheus' own registry names them:
 * {@code http.server.requests} (a timer) becomes the histogram {@code http_server_requests_seconds} (its
 * {@code _bucket}, {@code _sum}, {@code _count}) plus the gauge {@code http_server_requests_seconds_max}; a counter gets
 * {@code _total}; tag keys become labels in snake case. A timer or summary sends buckets only when it publishes a
 * histogram ({@code publishPercentileHistogram()} or SLOs); otherwise its count and sum, and client-side percentiles
 * are not sent (they cannot be aggregated). NaN and infinite values are skipped.
 */
public class ShopWatchMeterRegistry extends PushMeterRegistry {

    /** Cumulative bucket counts: a histogram that never rotates (the way Prometheus' registry keeps them). */
    private static final DistributionStatisticConfig CUMULATIVE = DistributionStatisticConfig.builder()
            .expiry(Duration.ofDays(1825))
            .bufferLength(1)
            .build();

    private static final System.Logger LOG = System.getLogger(ShopWatchMeterRegistry.class.getName());

    private final ShopWatchClient client;
    private final boolean ownsClient;

    /** A registry with its own client, made from {@code config} and closed with the registry; starts publishing. */
    public ShopWatchMeterRegistry(ShopWatchRegistryConfig config, Clock clock) {
        this(
                ShopWatchClient.builder(config.url())
                        .apiKey(config.apiKey())
                        .org(config.org())
                        .batchSize(config.batchSize())
                        .connectTimeout(config.connectTimeout())
                        .requestTimeout(config.readTimeout())
                        .build(),
                true,
                config,
                clock);
        start(new NamedThreadFactory("shopwatch-metrics-publisher"));
    }

    /**
     * A registry that publishes through an existing client (which it does not close); call {@link #start} (or let
     * Spring's lifecycle do it) to publish every {@code config.step()}.
     */
    public ShopWatchMeterRegistry(ShopWatchClient client, PushRegistryConfig config, Clock clock) {
        this(client, false, config, clock);
    }

    private ShopWatchMeterRegistry(ShopWatchClient client, boolean ownsClient, PushRegistryConfig config, Clock clock) {
        super(config, clock);
        this.client = client;
        this.ownsClient = ownsClient;
        config().namingConvention(new ShopWatchNamingConvention());
    }

    /** The meters' current values as the samples {@link #publish} queues. */
    public List<MetricSample> snapshot() {
        Instant at = Instant.ofEpochMilli(clock.wallTime());
        List<MetricSample> samples = new ArrayList<>();
        for (Meter meter : getMeters()) {
            try {
                samples.addAll(samples(meter, at));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "meter {0} could not be read: {1}", meter.getId(), e);
            }
        }
        return samples;
    }

    /** Queues every meter's current value in the client; the client sends in the background. */
    @Override
    protected void publish() {
        snapshot().forEach(client::record);
    }

    /** Publishes one last time, then sends what the client holds (and closes it when the registry made it). */
    @Override
    public void close() {
        super.close();
        try {
            if (ownsClient) {
                client.close();
            } else {
                client.flush(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<MetricSample> samples(Meter meter, Instant at) {
        Meter.Id id = meter.getId();
        Map<String, String> labels = labels(id);
        List<MetricSample> out = new ArrayList<>(2);
        meter.use(
                gauge -> gauge(out, name(id, ""), labels, gauge.value(), at),
                counter -> counter(out, id, labels, counter.count(), at),
                timer -> distribution(
                        out, name(id, "_seconds"), labels, timer.takeSnapshot(), TimeUnit.SECONDS, true, at),
                summary ->
                        distribution(out, name(id, baseUnitSuffix(id)), labels, summary.takeSnapshot(), null, true, at),
                longTask -> {
                    gauge(out, name(id, "_active_count"), labels, longTask.activeTasks(), at);
                    gauge(out, name(id, "_duration_seconds"), labels, longTask.duration(TimeUnit.SECONDS), at);
                    gauge(out, name(id, "_duration_seconds_max"), labels, longTask.max(TimeUnit.SECONDS), at);
                },
                timeGauge -> gauge(out, name(id, "_seconds"), labels, timeGauge.value(TimeUnit.SECONDS), at),
                functionCounter -> counter(out, id, labels, functionCounter.count(), at),
                functionTimer -> {
                    String name = name(id, "_seconds");
                    out.add(MetricSample.histogram(
                            name,
                            labels,
                            new double[0],
                            new long[0],
                            functionTimer.totalTime(TimeUnit.SECONDS),
                            (long) functionTimer.count(),
                            at));
                },
                other -> {
                    for (Measurement m : other.measure()) {
                        String suffix = "_" + m.getStatistic().getTagValueRepresentation();
                        gauge(out, name(id, suffix), labels, m.getValue(), at);
                    }
                });
        return out;
    }

    private static void gauge(List<MetricSample> out, String name, Map<String, String> labels, double v, Instant at) {
        if (Double.isFinite(v)) {
            out.add(MetricSample.gauge(name, labels, v, at));
        }
    }

    private void counter(List<MetricSample> out, Meter.Id id, Map<String, String> labels, double v, Instant at) {
        if (Double.isFinite(v)) {
            String name = name(id, baseUnitSuffix(id));
            out.add(MetricSample.counter(name.endsWith("_total") ? name : name + "_total", labels, v, at));
        }
    }

    private static void distribution(
            List<MetricSample> out,
            String name,
            Map<String, String> labels,
            HistogramSnapshot snapshot,
            TimeUnit unit,
            boolean withMax,
            Instant at) {
        CountAtBucket[] buckets = snapshot.histogramCounts();
        List<double[]> finite = new ArrayList<>(buckets.length);
        for (CountAtBucket b : buckets) {
            double bound = unit == null ? b.bucket() : b.bucket(unit);
            if (Double.isFinite(bound)) {
                finite.add(new double[] {bound, b.count()});
            }
        }
        double[] bounds = new double[finite.size()];
        long[] counts = new long[finite.size()];
        long previous = 0;
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = finite.get(i)[0];
            // recorded while the snapshot was taken: keep the counts cumulative
            previous = Math.max(previous, (long) finite.get(i)[1]);
            counts[i] = previous;
        }
        long count = Math.max(snapshot.count(), previous);
        double sum = unit == null ? snapshot.total() : snapshot.total(unit);
        if (!Double.isFinite(sum)) {
            return;
        }
        out.add(MetricSample.histogram(name, labels, bounds, counts, sum, count, at));
        if (withMax) {
            gauge(out, name + "_max", labels, unit == null ? snapshot.max() : snapshot.max(unit), at);
        }
    }

    private String name(Meter.Id id, String suffix) {
        String base = config().namingConvention().name(id.getName(), id.getType());
        return base.endsWith(suffix) ? base : ShopWatchNamingConvention.trim(base + suffix);
    }

    private static String baseUnitSuffix(Meter.Id id) {
        String unit = id.getBaseUnit();
        return unit == null || unit.isBlank() ? "" : "_" + ShopWatchNamingConvention.sanitize(unit, false);
    }

    private Map<String, String> labels(Meter.Id id) {
        Map<String, String> labels = new TreeMap<>();
        for (Tag tag : getConventionTags(id)) {
            labels.put(tag.getKey(), tag.getValue());
        }
        return labels;
    }

    @Override
    protected <T> Gauge newGauge(Meter.Id id, T obj, ToDoubleFunction<T> valueFunction) {
        return new DefaultGauge<>(id, obj, valueFunction);
    }

    @Override
    protected Counter newCounter(Meter.Id id) {
        return new CumulativeCounter(id);
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
        DistributionStatisticConfig merged = CUMULATIVE.merge(config);
        return new CumulativeTimer(id, clock, merged, pauseDetector, getBaseTimeUnit(), histogram(merged)) {};
    }

    @Override
    protected DistributionSummary newDistributionSummary(
            Meter.Id id, DistributionStatisticConfig config, double scale) {
        DistributionStatisticConfig merged = CUMULATIVE.merge(config);
        return new CumulativeDistributionSummary(id, clock, merged, scale, histogram(merged)) {};
    }

    private Histogram histogram(DistributionStatisticConfig config) {
        return config.isPublishingHistogram()
                ? new TimeWindowFixedBoundaryHistogram(clock, config, true)
                : NoopHistogram.INSTANCE;
    }

    @Override
    protected Meter newMeter(Meter.Id id, Meter.Type type, Iterable<Measurement> measurements) {
        return new DefaultMeter(id, type, measurements);
    }

    @Override
    protected LongTaskTimer newLongTaskTimer(Meter.Id id, DistributionStatisticConfig config) {
        return new DefaultLongTaskTimer(id, clock, getBaseTimeUnit(), config, false);
    }

    @Override
    protected <T> FunctionTimer newFunctionTimer(
            Meter.Id id,
            T obj,
            ToLongFunction<T> countFunction,
            ToDoubleFunction<T> totalTimeFunction,
            TimeUnit totalTimeFunctionUnit) {
        return new CumulativeFunctionTimer<>(
                id, obj, countFunction, totalTimeFunction, totalTimeFunctionUnit, getBaseTimeUnit());
    }

    @Override
    protected <T> FunctionCounter newFunctionCounter(Meter.Id id, T obj, ToDoubleFunction<T> countFunction) {
        return new CumulativeFunctionCounter<>(id, obj, countFunction);
    }

    @Override
    protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.SECONDS;
    }

    @Override
    protected DistributionStatisticConfig defaultHistogramConfig() {
        return CUMULATIVE.merge(DistributionStatisticConfig.DEFAULT);
    }
}
