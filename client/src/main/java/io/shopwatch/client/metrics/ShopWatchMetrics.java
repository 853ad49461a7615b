package io.shopwatch.client.metrics;

import io.shopwatch.client.MetricSample;
import io.shopwatch.client.ShopWatchClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Business metrics of a storefront, sent to ShopWatch: counters, gauges and histograms with labels, kept in memory
 * and sent as one snapshot every {@code step} through a {@link ShopWatchClient} (batched, retried, never blocking).
 *
 * <pre>{@code
 * ShopWatchMetrics metrics = ShopWatchMetrics.builder(client).step(Duration.ofSeconds(15)).build();
 * ShopWatchMetrics.Counter orders = metrics.counter("shop_orders_total", "Orders placed");
 * orders.labels("channel", "web", "payment_method", "card").increment();
 * }</pre>
 *
 * <p>Recording costs an add on a striped adder: nothing waits for the network. Counters are cumulative since the
 * instrument was made (ShopWatch computes {@code rate}); histograms send cumulative bucket counts, their sum and count.
 * Each instrument holds at most {@code maxSeriesPerMetric} label sets: a new one beyond is not recorded and counted in
 * {@link #droppedSeries()}, so a label carrying an order id cannot exhaust the application's memory. A full client
 * queue drops samples and counts them in the client's {@code stats().dropped()}. Thread-safe.
 */
public final class ShopWatchMetrics implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,127}");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final System.Logger LOG = System.getLogger(ShopWatchMetrics.class.getName());

    private final ShopWatchClient client;
    private final Clock clock;
    private final int maxSeriesPerMetric;
    private final Map<String, Instrument<?>> instruments = new ConcurrentHashMap<>();
    private final AtomicLong droppedSeries = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService scheduler;

    private ShopWatchMetrics(Builder b) {
        this.client = b.client;
        this.clock = b.clock;
        this.maxSeriesPerMetric = b.maxSeriesPerMetric;
        if (b.step == null) {
            this.scheduler = null;
        } else {
            this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "shopwatch-metrics-publisher");
                t.setDaemon(true);
                return t;
            });
            long step = b.step.toMillis();
            scheduler.scheduleAtFixedRate(this::publishSafely, step, step, TimeUnit.MILLISECONDS);
        }
    }

    public static Builder builder(ShopWatchClient client) {
        return new Builder(client);
    }

    /** The counter {@code name} (made on first call; the same one afterwards). Counter names end in {@code _total}. */
    public Counter counter(String name, String help) {
        return instrument(name, Counter.class, n -> new Counter(n, help, this));
    }

    public Gauge gauge(String name, String help) {
        return instrument(name, Gauge.class, n -> new Gauge(n, help, this));
    }

    /** A histogram with these finite upper bounds (ascending); an observation above the last counts in {@code +Inf}. */
    public Histogram histogram(String name, String help, double... bounds) {
        return instrument(name, Histogram.class, n -> new Histogram(n, help, bounds, this));
    }

    /** Label sets not recorded because their instrument already had {@code maxSeriesPerMetric}. */
    public long droppedSeries() {
        return droppedSeries.get();
    }

    /** The current value of every series, as the samples {@link #publish} sends. */
    public List<MetricSample> snapshot() {
        Instant now = clock.instant();
        List<MetricSample> samples = new ArrayList<>();
        instruments.values().forEach(i -> i.snapshot(now, samples));
        return samples;
    }

    /**
     * Queues the snapshot of every series in the client (does not wait for the network).
     *
     * @return the samples the client's queue refused (dropped and counted there)
     */
    public int publish() {
        int refused = 0;
        for (MetricSample sample : snapshot()) {
            if (!client.record(sample)) {
                refused++;
            }
        }
        return refused;
    }

    private void publishSafely() {
        try {
            publish();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ShopWatch metrics could not be published", e);
        }
    }

    /** Stops the schedule and queues one last snapshot; the client stays open (close it after, to send it). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        publishSafely();
    }

    private <I extends Instrument<?>> I instrument(String name, Class<I> kind, Function<String, I> make) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "metric name '" + name + "' must be a letter followed by at most 127 letters, digits or '_'");
        }
        Instrument<?> existing = instruments.computeIfAbsent(name, make);
        if (!kind.isInstance(existing)) {
            throw new IllegalArgumentException(
                    name + " is already a " + existing.getClass().getSimpleName());
        }
        return kind.cast(existing);
    }

    /** One metric name and its series, one per label set. */
    abstract static class Instrument<S> {
        final String name;
        final String help;
        private final ShopWatchMetrics owner;
        private final Map<Map<String, String>, S> series = new ConcurrentHashMap<>();
        private volatile S overflow;

        Instrument(String name, String help, ShopWatchMetrics owner) {
            this.name = name;
            this.help = help;
            this.owner = owner;
        }

        abstract S newSeries();

        abstract MetricSample sample(Map<String, String> labels, S series, Instant at);

        /**
         * The series of these labels, given as name, value, name, value...; beyond the series limit one that is not
         * recorded.
         */
        public S labels(String... namesAndValues) {
            if (namesAndValues.length % 2 != 0) {
                throw new IllegalArgumentException("labels come as name, value pairs");
            }
            Map<String, String> labels = new TreeMap<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                String label = namesAndValues[i];
                if (label == null || !LABEL.matcher(label).matches() || label.startsWith("__") || label.equals("le")) {
                    throw new IllegalArgumentException("label name '" + label + "' is not valid");
                }
                labels.put(label, Objects.requireNonNullElse(namesAndValues[i + 1], ""));
            }
            return labels(labels);
        }

        public S labels(Map<String, String> labels) {
            S existing = series.get(labels);
            if (existing != null) {
                return existing;
            }
            if (series.size() >= owner.maxSeriesPerMetric) {
                owner.droppedSeries.incrementAndGet();
                S sink = overflow;
                if (sink == null) {
                    sink = newSeries();
                    overflow = sink;
                }
                return sink;
            }
            return series.computeIfAbsent(Map.copyOf(labels), l -> newSeries());
        }

        void snapshot(Instant at, List<MetricSample> into) {
            series.forEach((labels, s) -> into.add(sample(labels, s, at).describedAs(null, help)));
        }
    }

    /** A count that only goes up. */
    public static final class Counter extends Instrument<Counter.Series> {

        Counter(String name, String help, ShopWatchMetrics owner) {
            super(name, help, owner);
        }

        /** The series without labels. */
        public void increment() {
            labels().increment();
        }

        @Override
        Series newSeries() {
            return new Series();
        }

        @Override
        MetricSample sample(Map<String, String> labels, Series s, Instant at) {
            return MetricSample.counter(name, labels, s.total.sum(), at);
        }

        public static final class Series {
            private final DoubleAdder total = new DoubleAdder();

            public void increment() {
                total.add(1);
            }

            /** Adds {@code amount}; negative amounts are refused (a counter never goes down). */
            public void increment(double amount) {
                if (!(amount >= 0)) {
                    throw new IllegalArgumentException("a counter only goes up: " + amount);
                }
                total.add(amount);
            }

            public double value() {
                return total.sum();
            }
        }
    }

    /** A value that goes up and down (stock, items in carts). */
    public static final class Gauge extends Instrument<Gauge.Series> {

        Gauge(String name, String help, ShopWatchMetrics owner) {
            super(name, help, owner);
        }

        /** The series without labels. */
        public void set(double value) {
            labels().set(value);
        }

        @Override
        Series newSeries() {
            return new Series();
        }

        @Override
        MetricSample sample(Map<String, String> labels, Series s, Instant at) {
            return MetricSample.gauge(name, labels, s.value(), at);
        }

        public static final class Series {
            private final AtomicLong bits = new AtomicLong(Double.doubleToLongBits(0));

            public void set(double value) {
                bits.set(Double.doubleToLongBits(value));
            }

            public void add(double delta) {
                bits.getAndUpdate(b -> Double.doubleToLongBits(Double.longBitsToDouble(b) + delta));
            }

            public double value() {
                return Double.longBitsToDouble(bits.get());
            }
        }
    }

    /** Observations counted in buckets (durations, order values), for {@code histogram_quantile}. */
    public static final class Histogram extends Instrument<Histogram.Series> {
        private final double[] bounds;

        Histogram(String name, String help, double[] bounds, ShopWatchMetrics owner) {
            super(name, checkBounds(help, bounds), owner);
            this.bounds = bounds.clone();
        }

        private static String checkBounds(String help, double[] bounds) {
            if (bounds == null || bounds.length == 0) {
                throw new IllegalArgumentException("a histogram needs at least one bucket bound");
            }
            for (int i = 0; i < bounds.length; i++) {
                if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                    throw new IllegalArgumentException(
                            "bucket bounds must be finite and ascending: " + Arrays.toString(bounds));
                }
            }
            return help;
        }

        /** The series without labels. */
        public void observe(double value) {
            labels().observe(value);
        }

        @Override
        Series newSeries() {
            return new Series(bounds);
        }

        @Override
        MetricSample sample(Map<String, String> labels, Series s, Instant at) {
            long[] cumulative = new long[bounds.length];
            long running = 0;
            for (int i = 0; i < bounds.length; i++) {
                running += s.buckets[i].sum();
                cumulative[i] = running;
            }
            long count = running + s.buckets[bounds.length].sum();
            return MetricSample.histogram(name, labels, bounds, cumulative, s.sum.sum(), count, at);
        }

        public static final class Series {
            private final double[] bounds;
            private final LongAdder[] buckets;
            private final DoubleAdder sum = new DoubleAdder();

            Series(double[] bounds) {
                this.bounds = bounds;
                this.buckets = new LongAdder[bounds.length + 1];
                for (int i = 0; i < buckets.length; i++) {
                    buckets[i] = new LongAdder();
                }
            }

            public void observe(double value) {
                if (Double.isNaN(value)) {
                    return;
                }
                int i = Arrays.binarySearch(bounds, value);
                int bucket = i >= 0 ? i : -i - 1;
                buckets[bucket].increment();
                sum.add(value);
            }
        }
    }

    /** Settings of {@link ShopWatchMetrics}. */
    public static final class Builder {
        private final ShopWatchClient client;
        private Duration step = Duration.ofSeconds(15);
        private int maxSeriesPerMetric = 1_000;
        private Clock clock = Clock.systemUTC();

        private Builder(ShopWatchClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * How often the snapshot is queued (default 15 s); {@code null}: never on its own, only on {@link #publish}
         * and {@link #close}.
         */
        public Builder step(Duration step) {
            if (step != null && (step.isNegative() || step.isZero())) {
                throw new IllegalArgumentException("step must be positive");
            }
            this.step = step;
            return this;
        }

        /** Label sets one instrument holds at most (default 1,000); beyond, new ones are not recorded. */
        public Builder maxSeriesPerMetric(int maxSeriesPerMetric) {
            if (maxSeriesPerMetric < 1) {
                throw new IllegalArgumentException("maxSeriesPerMetric must be positive");
            }
            this.maxSeriesPerMetric = maxSeriesPerMetric;
            return this;
        }

        /** The clock of the samples' timestamps. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ShopWatchMetrics build() {
            return new ShopWatchMetrics(this);
        }
    }
}
