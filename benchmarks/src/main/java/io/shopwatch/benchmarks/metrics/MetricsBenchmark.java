package io.shopwatch.benchmarks.metrics;

import com.google.protobuf.CodedOutputStream;
import io.shopwatch.metrics.limits.LimitsProvider;
import io.shopwatch.metrics.limits.MetricLimits;
import io.shopwatch.metrics.limits.SampleChecks;
import io.shopwatch.metrics.promql.Evaluator;
import io.shopwatch.metrics.promql.Expr;
import io.shopwatch.metrics.promql.Parser;
import io.shopwatch.metrics.promql.SeriesSource;
import io.shopwatch.metrics.remotewrite.RemoteWriteDecoder;
import io.shopwatch.metrics.remotewrite.RemoteWriteRequest;
import io.shopwatch.metrics.remotewrite.RemoteWriteSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xerial.snappy.Snappy;

/**
 * metrics-service's two hot paths, in-process, each next to a floor measured in the same run.
 *
 * <ul>
 *   <li>{@code promqlSumByRate}: {@code sum by (x) (rate(m[5m]))} at one instant with the service's parser and
 *       evaluator over 1,000 counter series × 1,000 samples (1M samples, every one inside the 5-minute window; x has
 *       10 values), read from memory. {@code handRolledSumByRateFloor}: the same answer computed by a plain loop over
 *       the same arrays (first and last sample per series, no extrapolation), the cost of touching the data at all.
 *   <li>{@code remoteWriteDecodeValidate}: one snappy-compressed remote-write body of 10,000 samples (1,000 series × 10)
 *       decoded by {@code RemoteWriteDecoder} and checked by {@code RemoteWriteSamples} (names, labels, values, age),
 *       as the remote-write endpoint does before handing samples to Kafka. {@code snappyUncompressFloor}: snappy
 *       alone on the same body. Score per call; samples/s = 10,000 / score.
 * </ul>
 *
 * <pre>{@code java -jar benchmarks/target/jmh-benchmarks.jar MetricsBenchmark}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class MetricsBenchmark {

    static final int SERIES = 1_000;
    static final int SAMPLES_PER_SERIES = 1_000;
    static final long SPACING_MS = 300;
    static final int RW_SERIES = 1_000;
    static final int RW_SAMPLES_PER_SERIES = 10;

    private List<SeriesSource.StoredSeries> data;
    private Evaluator evaluator;
    private long at;
    private byte[] remoteWriteBody;
    private RemoteWriteDecoder decoder;
    private RemoteWriteSamples samples;

    @Setup
    public void setUp() {
        long end = System.currentTimeMillis();
        at = end;
        data = new ArrayList<>(SERIES);
        for (int s = 0; s < SERIES; s++) {
            SortedMap<String, String> labels = new TreeMap<>();
            labels.put("__name__", "m");
            labels.put("x", "x" + (s % 10));
            labels.put("instance", "i" + s);
            long[] ts = new long[SAMPLES_PER_SERIES];
            double[] vs = new double[SAMPLES_PER_SERIES];
            for (int i = 0; i < SAMPLES_PER_SERIES; i++) {
                ts[i] = end - (SAMPLES_PER_SERIES - 1 - i) * SPACING_MS;
                vs[i] = i * (1 + s % 7);
            }
            data.add(new SeriesSource.StoredSeries(labels, ts, vs));
        }
        List<SeriesSource.StoredSeries> all = List.copyOf(data);
        evaluator = new Evaluator((metric, matchers, from, to) -> all);

        remoteWriteBody = remoteWriteBody(end);
        decoder = new RemoteWriteDecoder(32L << 20);
        samples = new RemoteWriteSamples(
                new SampleChecks(Duration.ofHours(5), Duration.ofHours(1), Clock.systemUTC()),
                LimitsProvider.fixed(new MetricLimits(10_000, 100_000, 30, 1024, 2048)));
        RemoteWriteSamples.Read read = samples.read("bench", decoder.decode(remoteWriteBody));
        if (read.items().size() != RW_SERIES * RW_SAMPLES_PER_SERIES
                || read.items().stream().anyMatch(i -> i.rejection() != null)) {
            throw new IllegalStateException("the benchmark body is not accepted as a whole: "
                    + read.items().size());
        }
        Object answer = promqlSumByRate();
        if (!(answer instanceof Evaluator.Vector v) || v.samples().size() != 10) {
            throw new IllegalStateException("unexpected PromQL answer " + answer);
        }
    }

    @Benchmark
    public Object promqlSumByRate() {
        Expr expr = Parser.parse("sum by (x) (rate(m[5m]))");
        return evaluator.instant(expr, at);
    }

    @Benchmark
    public Object handRolledSumByRateFloor() {
        Map<String, Double> sums = new HashMap<>();
        for (SeriesSource.StoredSeries s : data) {
            long[] ts = s.timestamps();
            double[] vs = s.values();
            double increase = 0;
            double previous = vs[0];
            for (int i = 1; i < vs.length; i++) {
                // counter resets, as rate() handles them: a drop counts the new value
                increase += vs[i] >= previous ? vs[i] - previous : vs[i];
                previous = vs[i];
            }
            double rate = increase / ((ts[ts.length - 1] - ts[0]) / 1000.0);
            sums.merge(s.labels().get("x"), rate, Double::sum);
        }
        return sums;
    }

    @Benchmark
    public Object remoteWriteDecodeValidate() {
        RemoteWriteRequest request = decoder.decode(remoteWriteBody);
        return samples.read("bench", request);
    }

    @Benchmark
    public Object snappyUncompressFloor() throws IOException {
        return Snappy.uncompress(remoteWriteBody);
    }

    /** A WriteRequest (prometheus/prompb) of RW_SERIES counter series with RW_SAMPLES_PER_SERIES samples each. */
    static byte[] remoteWriteBody(long end) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream request = CodedOutputStream.newInstance(out);
            for (int s = 0; s < RW_SERIES; s++) {
                ByteArrayOutputStream seriesBytes = new ByteArrayOutputStream();
                CodedOutputStream series = CodedOutputStream.newInstance(seriesBytes);
                label(series, "__name__", "shop_orders_total");
                label(series, "channel", "web");
                label(series, "instance", "storefront-" + s);
                label(series, "job", "storefront");
                label(series, "payment_method", "card");
                for (int i = 0; i < RW_SAMPLES_PER_SERIES; i++) {
                    ByteArrayOutputStream sampleBytes = new ByteArrayOutputStream();
                    CodedOutputStream sample = CodedOutputStream.newInstance(sampleBytes);
                    sample.writeDouble(1, s * 10.0 + i);
                    sample.writeInt64(2, end - (RW_SAMPLES_PER_SERIES - i) * 15_000L);
                    sample.flush();
                    series.writeByteArray(2, sampleBytes.toByteArray());
                }
                series.flush();
                request.writeByteArray(1, seriesBytes.toByteArray());
            }
            request.flush();
            return Snappy.compress(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void label(CodedOutputStream series, String name, String value) throws IOException {
        ByteArrayOutputStream labelBytes = new ByteArrayOutputStream();
        CodedOutputStream label = CodedOutputStream.newInstance(labelBytes);
        label.writeString(1, name);
        label.writeString(2, value);
        label.flush();
        series.writeByteArray(1, labelBytes.toByteArray());
    }
}
