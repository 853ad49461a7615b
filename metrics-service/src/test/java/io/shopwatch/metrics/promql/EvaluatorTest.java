package io.shopwatch.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * PromQL answers against hand-computed expectations (the arithmetic is written out next to each case), with
 * Prometheus 3's rules: left-open windows, extrapolatedRate, counter resets, lookback of 5 minutes.
 */
class EvaluatorTest {

    private static final long S = 1000;

    /** Test data: series given by labels and (seconds, value) pairs. */
    private final List<SeriesSource.StoredSeries> data = new ArrayList<>();

    private final SeriesSource source = (metric, matchers, from, to) -> data.stream()
            .filter(s -> s.labels().get("__name__").equals(metric))
            .filter(s -> matchers.stream().allMatch(m -> m.matches(s.labels().get(m.name()))))
            .toList();

    private void series(String labels, double... secondsAndValues) {
        SortedMap<String, String> map = new TreeMap<>();
        String[] parts = labels.split(",");
        map.put("__name__", parts[0]);
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=");
            map.put(kv[0], kv[1]);
        }
        long[] ts = new long[secondsAndValues.length / 2];
        double[] vs = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = (long) (secondsAndValues[2 * i] * S);
            vs[i] = secondsAndValues[2 * i + 1];
        }
        data.add(new SeriesSource.StoredSeries(map, ts, vs));
    }

    private Map<String, Double> vector(String query, long seconds) {
        Evaluator.Value value = new Evaluator(source).instant(Parser.parse(query), seconds * S);
        Map<String, Double> out = new TreeMap<>();
        for (Evaluator.VectorSample sample : ((Evaluator.Vector) value).samples()) {
            out.put(sample.labels().toString(), sample.value());
        }
        return out;
    }

    private double single(String query, long seconds) {
        Map<String, Double> result = vector(query, seconds);
        assertThat(result).hasSize(1);
        return result.values().iterator().next();
    }

    @Test
    void rate_sampleAlignedCounter_extrapolatesToTheWindow() {
        // samples 10@10s 25@25s 40@40s 55@55s, window (0s, 60s]: increase 45 over 45 s sampled; 10 s to the start and
        // 5 s to the end are below 1.1 x the 15 s average, zero point 45*(10/45) = 10 s is not shorter: extrapolated
        // over 45 + 10 + 5 = 60 s: increase 45 * 60/45 = 60, rate 60 / 60 = 1
        series("req_total,job=a", 10, 10, 25, 25, 40, 40, 55, 55);
        assertThat(single("increase(req_total[1m])", 60)).isCloseTo(60.0, within(1e-9));
        assertThat(single("rate(req_total[1m])", 60)).isCloseTo(1.0, within(1e-9));
        assertThat(vector("rate(req_total[1m])", 60)).containsOnlyKeys("{job=a}");
    }

    @Test
    void increase_counterReset_addsTheValueBeforeTheReset() {
        // 10, 25, 5, 20: 20 - 10 = 10, plus 25 at the reset = 35; extrapolated by 60/45 as above
        series("req_total,job=a", 10, 10, 25, 25, 40, 5, 55, 20);
        assertThat(single("increase(req_total[1m])", 60)).isCloseTo(35.0 * 60 / 45, within(1e-9));
        assertThat(single("rate(req_total[1m])", 60)).isCloseTo(35.0 * 60 / 45 / 60, within(1e-9));
        // irate: last two samples 5 -> 20 over 15 s
        assertThat(single("irate(req_total[1m])", 60)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void rate_gapAtTheStart_extrapolatesHalfAnIntervalOnly() {
        // 100@30s 130@45s in (0s, 60s]: 30 s to the start >= 1.1 x 15 s, so only 7.5 s; 15 s to the end < 16.5 s:
        // increase 30 * (15 + 7.5 + 15) / 15 = 75, rate 75 / 60 = 1.25
        series("req_total,job=a", 30, 100, 45, 130);
        assertThat(single("increase(req_total[1m])", 60)).isCloseTo(75.0, within(1e-9));
        assertThat(single("rate(req_total[1m])", 60)).isCloseTo(1.25, within(1e-9));
    }

    @Test
    void increase_counterStartingNearZero_isNotExtrapolatedBelowZero() {
        // 1@20s 21@40s 41@60s in (0s, 60s]: 20 s to the start < 22 s, but the zero point is 40 * (1/40) = 1 s before
        // the first sample: increase 40 * (40 + 1 + 0) / 40 = 41
        series("req_total,job=a", 20, 1, 40, 21, 60, 41);
        assertThat(single("increase(req_total[1m])", 60)).isCloseTo(41.0, within(1e-9));
        // delta (gauge): no zero clamp: 40 * (40 + 20 + 0) / 40 = 60
        assertThat(single("delta(req_total[1m])", 60)).isCloseTo(60.0, within(1e-9));
    }

    @Test
    void rate_oneSampleInTheWindow_noResult_windowIsLeftOpen() {
        series("req_total,job=a", 0, 1, 60, 5);
        // (0s, 60s] holds only the sample at 60 s: no rate
        assertThat(vector("rate(req_total[1m])", 60)).isEmpty();
        // (-60s, 60s] holds both: 4 over 60 s, 60 s to the start < 66 s but the zero point is 60 * (1/4) = 15 s
        // before the first sample: increase 4 * (60 + 15 + 0) / 60 = 5
        assertThat(single("increase(req_total[2m])", 60)).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void selectors_fourMatchers_lookbackOfFiveMinutes_offset() {
        series("up,job=api,env=prod", 0, 1, 100, 2);
        series("up,job=web,env=prod", 100, 3);
        series("up,job=db,env=dev", 100, 4);
        assertThat(vector("up{env=\"prod\"}", 150)).hasSize(2);
        assertThat(vector("up{env!=\"prod\"}", 150)).containsOnlyKeys("{__name__=up, env=dev, job=db}");
        assertThat(vector("up{job=~\"a.*|w.*\"}", 150)).hasSize(2);
        assertThat(vector("up{job!~\"a.*\"}", 150)).hasSize(2);
        assertThat(vector("up{job=~\"p\"}", 150)).isEmpty(); // anchored: "api" does not match "p"
        assertThat(vector("{__name__=\"up\",job=\"api\"}", 150)).containsValue(2.0);
        // the latest sample in (t - 5m, t]: at 399.999 s the sample of 100 s still counts, at 400 s it does not
        assertThat(new Evaluator(source).instant(Parser.parse("up{job=\"api\"}"), 399_999))
                .isEqualTo(new Evaluator.Vector(List.of(new Evaluator.VectorSample(
                        new TreeMap<>(Map.of("__name__", "up", "job", "api", "env", "prod")), 2.0))));
        assertThat(vector("up{job=\"api\"}", 400)).isEmpty();
        assertThat(vector("up{job=\"api\"} offset 100s", 150)).containsValue(1.0);
    }

    @Test
    void aggregations_byAndWithout_dropTheName() {
        series("orders_total,channel=web,pm=card", 50, 10);
        series("orders_total,channel=web,pm=paypal", 50, 20);
        series("orders_total,channel=app,pm=card", 50, 5);
        assertThat(vector("sum by (channel) (orders_total)", 60))
                .isEqualTo(Map.of("{channel=app}", 5.0, "{channel=web}", 30.0));
        assertThat(vector("sum(orders_total) by (channel)", 60))
                .isEqualTo(Map.of("{channel=app}", 5.0, "{channel=web}", 30.0));
        assertThat(vector("sum without (channel) (orders_total)", 60))
                .isEqualTo(Map.of("{pm=card}", 15.0, "{pm=paypal}", 20.0));
        assertThat(vector("avg(orders_total)", 60)).isEqualTo(Map.of("{}", 35.0 / 3));
        assertThat(vector("min(orders_total)", 60)).isEqualTo(Map.of("{}", 5.0));
        assertThat(vector("max by (pm) (orders_total)", 60)).isEqualTo(Map.of("{pm=card}", 10.0, "{pm=paypal}", 20.0));
        assertThat(vector("count(orders_total)", 60)).isEqualTo(Map.of("{}", 3.0));
    }

    @Test
    void arithmetic_scalarsVectorsAndComparisons() {
        series("m,k=a", 50, 10);
        series("m,k=b", 50, 30);
        series("n,k=a", 50, 4);
        assertThat(((Evaluator.Scalar) new Evaluator(source).instant(Parser.parse("2 * 3 + 2 ^ 3 ^ 2 / 64"), 0))
                        .value())
                .isEqualTo(14.0); // 6 + 512/64
        assertThat(((Evaluator.Scalar) new Evaluator(source).instant(Parser.parse("-(1 - 3) % 3"), 0)).value())
                .isEqualTo(2.0);
        assertThat(vector("m * 2", 60)).isEqualTo(Map.of("{k=a}", 20.0, "{k=b}", 60.0));
        assertThat(vector("100 - m", 60)).isEqualTo(Map.of("{k=a}", 90.0, "{k=b}", 70.0));
        assertThat(vector("m > 20", 60)).isEqualTo(Map.of("{__name__=m, k=b}", 30.0));
        assertThat(vector("m > bool 20", 60)).isEqualTo(Map.of("{k=a}", 0.0, "{k=b}", 1.0));
        assertThat(vector("m / n", 60)).isEqualTo(Map.of("{k=a}", 2.5));
        assertThat(vector("m / on(k) n", 60)).isEqualTo(Map.of("{k=a}", 2.5));
    }

    @Test
    void errors_areBadData() {
        assertThatThrownBy(() -> Parser.parse("rate(m[5x])")).isInstanceOf(PromQlException.class);
        assertThatThrownBy(() -> Parser.parse("sum(m")).isInstanceOf(PromQlException.class);
        assertThatThrownBy(() -> Parser.parse("{job=~\".*\"}")).hasMessageContaining("non-empty matcher");
        assertThatThrownBy(() -> Parser.parse("{job=\"\"}")).hasMessageContaining("non-empty matcher");
        assertThatThrownBy(() -> Parser.parse("{}")).hasMessageContaining("non-empty matcher");
        assertThatThrownBy(() -> new Evaluator(source).instant(Parser.parse("m[5m]"), 0))
                .isInstanceOf(PromQlException.class);
        assertThatThrownBy(() -> new Evaluator(source).instant(Parser.parse("holt_winters(m[5m], 0.5, 0.5)"), 0))
                .hasMessageContaining("not supported");
    }

    @Test
    void range_stepsAndSeries() {
        series("req_total,job=a", 10, 10, 25, 25, 40, 40, 55, 55, 70, 70, 85, 85);
        List<Evaluator.RangeSeries> result =
                new Evaluator(source).range(Parser.parse("rate(req_total[1m])"), 60 * S, 90 * S, 15 * S);
        assertThat(result).hasSize(1);
        assertThat(result.get(0).times()).containsExactly(60 * S, 75 * S, 90 * S);
        assertThat(result.get(0).values()).allSatisfy(v -> assertThat(v).isCloseTo(1.0, within(1e-9)));
    }
}
