package io.shopwatch.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code topk}/{@code bottomk}, {@code absent}/{@code absent_over_time}, set operators and group modifiers. */
class TopkAbsentSetOperatorsTest {

    private final SeriesFixture f = new SeriesFixture();

    private void requests() {
        f.series("reqs,svc=a,pod=1", 50, 5);
        f.series("reqs,svc=a,pod=2", 50, 9);
        f.series("reqs,svc=a,pod=3", 50, 7);
        f.series("reqs,svc=b,pod=1", 50, 3);
        f.series("reqs,svc=b,pod=2", 50, Double.NaN);
    }

    @Test
    void topk_keepsTheLargestWithTheirLabels() {
        requests();
        assertThat(f.vector("topk(2, reqs)", 60))
                .isEqualTo(Map.of("{__name__=reqs, pod=2, svc=a}", 9.0, "{__name__=reqs, pod=3, svc=a}", 7.0));
        assertThat(f.vector("bottomk(2, reqs)", 60))
                .isEqualTo(Map.of("{__name__=reqs, pod=1, svc=b}", 3.0, "{__name__=reqs, pod=1, svc=a}", 5.0));
    }

    @Test
    void topk_byAndWithout_perGroup_nanLast() {
        requests();
        Map<String, Double> top = Map.of("{__name__=reqs, pod=2, svc=a}", 9.0, "{__name__=reqs, pod=1, svc=b}", 3.0);
        assertThat(f.vector("topk by (svc) (1, reqs)", 60)).isEqualTo(top);
        assertThat(f.vector("topk(1, reqs) by (svc)", 60)).isEqualTo(top);
        assertThat(f.vector("topk without (pod) (1, reqs)", 60)).isEqualTo(top);
        // NaN comes last for bottomk too
        assertThat(f.vector("bottomk by (svc) (1, reqs)", 60))
                .isEqualTo(Map.of("{__name__=reqs, pod=1, svc=a}", 5.0, "{__name__=reqs, pod=1, svc=b}", 3.0));
        // k larger than the group: the whole group, NaN included
        assertThat(f.vector("topk by (svc) (5, reqs)", 60)).hasSize(5);
    }

    @Test
    void topk_kBelowOneSelectsNothing_fractionIsTruncated() {
        requests();
        assertThat(f.vector("topk(0, reqs)", 60)).isEmpty();
        assertThat(f.vector("topk(2.9, reqs)", 60)).hasSize(2);
        assertThat(f.vector("topk(2 - 1, sum by (svc) (reqs))", 60)).isEqualTo(Map.of("{svc=a}", 21.0));
    }

    @Test
    void topk_rangeQuery_choosesPerStep() {
        f.series("load,host=a", 10, 10, 70, 1);
        f.series("load,host=b", 10, 5, 70, 6);
        List<Evaluator.RangeSeries> result = f.range("topk(1, load)", 60, 90, 30);
        assertThat(result).hasSize(2);
        assertThat(result.get(0).labels()).containsEntry("host", "a");
        assertThat(result.get(0).times()).containsExactly(60 * SeriesFixture.S);
        assertThat(result.get(0).values()).containsExactly(10.0);
        assertThat(result.get(1).labels()).containsEntry("host", "b");
        assertThat(result.get(1).times()).containsExactly(90 * SeriesFixture.S);
        assertThat(result.get(1).values()).containsExactly(6.0);
    }

    @Test
    void absent_nothingMatches_oneWithTheEqualityMatchersLabels() {
        f.series("up,job=api", 50, 1);
        assertThat(f.vector("absent(up{job=\"api\"})", 60)).isEmpty();
        assertThat(f.vector("absent(up{job=\"web\", env=~\"p.*\", zone!=\"x\"})", 60))
                .isEqualTo(Map.of("{job=web}", 1.0));
        assertThat(f.vector("absent(nope{__name__=\"nope\", job=\"a\", job=\"b\"})", 60))
                .isEqualTo(Map.of("{}", 1.0));
        assertThat(f.vector("absent(sum(nope{job=\"a\"}))", 60)).isEqualTo(Map.of("{}", 1.0));
        // lookback: the sample of 50 s is gone at 350 s
        assertThat(f.vector("absent(up{job=\"api\"})", 350)).isEqualTo(Map.of("{job=api}", 1.0));
    }

    @Test
    void absentOverTime_noSampleInTheWindow() {
        f.series("up,job=api", 50, 1);
        assertThat(f.vector("absent_over_time(up{job=\"api\"}[1m])", 100)).isEmpty();
        // (50 s, 110 s] no longer holds the sample of 50 s
        assertThat(f.vector("absent_over_time(up{job=\"api\"}[1m])", 110)).isEqualTo(Map.of("{job=api}", 1.0));
        assertThat(f.vector("absent_over_time(nope[5m])", 100)).isEqualTo(Map.of("{}", 1.0));
        assertThatThrownBy(() -> f.vector("absent_over_time(up)", 100)).isInstanceOf(PromQlException.class);
    }

    private void setData() {
        f.series("m,k=a", 50, 10);
        f.series("m,k=b", 50, 30);
        f.series("m,k=c", 50, 50);
        f.series("n,k=a", 50, 1);
        f.series("n,k=b", 50, 2);
        f.series("n,k=d", 50, 4);
        f.series("o,k=a,x=1", 50, 7);
    }

    @Test
    void setOperators_andOrUnless_keepTheLeftLabelsAndValues() {
        setData();
        assertThat(f.vector("m and n", 60)).isEqualTo(Map.of("{__name__=m, k=a}", 10.0, "{__name__=m, k=b}", 30.0));
        assertThat(f.vector("m unless n", 60)).isEqualTo(Map.of("{__name__=m, k=c}", 50.0));
        assertThat(f.vector("m or n", 60))
                .isEqualTo(Map.of(
                        "{__name__=m, k=a}", 10.0,
                        "{__name__=m, k=b}", 30.0,
                        "{__name__=m, k=c}", 50.0,
                        "{__name__=n, k=d}", 4.0));
    }

    @Test
    void setOperators_onAndIgnoring() {
        setData();
        assertThat(f.vector("m and o", 60)).isEmpty(); // x=1 differs
        assertThat(f.vector("m and on(k) o", 60)).isEqualTo(Map.of("{__name__=m, k=a}", 10.0));
        assertThat(f.vector("m and ignoring(x) o", 60)).isEqualTo(Map.of("{__name__=m, k=a}", 10.0));
        assertThat(f.vector("m unless on(k) o", 60)).containsOnlyKeys("{__name__=m, k=b}", "{__name__=m, k=c}");
        assertThat(f.vector("o or on(k) m", 60))
                .containsOnlyKeys("{__name__=o, k=a, x=1}", "{__name__=m, k=b}", "{__name__=m, k=c}");
        assertThat(f.vector("m and on() o", 60)).hasSize(3); // one empty key matches everything
    }

    @Test
    void setOperators_precedence_andBeforeOr_comparisonsBeforeAnd() {
        setData();
        // (m > 20) and n
        assertThat(f.vector("m > 20 and n", 60)).isEqualTo(Map.of("{__name__=m, k=b}", 30.0));
        // n or (m and n): m and n only has keys a, b which n already holds
        assertThat(f.vector("n or m and n", 60))
                .containsOnlyKeys("{__name__=n, k=a}", "{__name__=n, k=b}", "{__name__=n, k=d}");
        // (m unless n) or o
        assertThat(f.vector("m unless n or o", 60)).containsOnlyKeys("{__name__=m, k=c}", "{__name__=o, k=a, x=1}");
    }

    @Test
    void setOperators_withScalarsOrBoolOrGroup_areErrors() {
        setData();
        assertThatThrownBy(() -> f.vector("m and 1", 60)).hasMessageContaining("set operator");
        assertThatThrownBy(() -> Parser.parse("m and bool n")).hasMessageContaining("bool");
        assertThatThrownBy(() -> Parser.parse("m and on(k) group_left n")).hasMessageContaining("no grouping");
    }

    private void httpData() {
        f.series("http_errors,svc=api,code=500", 50, 6);
        f.series("http_errors,svc=api,code=503", 50, 2);
        f.series("http_errors,svc=web,code=500", 50, 1);
        f.series("http_total,svc=api", 50, 100);
        f.series("http_total,svc=web", 50, 50);
        f.series("svc_info,svc=api,team=pay", 50, 1);
    }

    @Test
    void groupLeft_manyToOne_keepsTheManySideLabels() {
        httpData();
        assertThat(f.vector("http_errors / on(svc) group_left http_total", 60))
                .isEqualTo(Map.of(
                        "{code=500, svc=api}", 0.06,
                        "{code=503, svc=api}", 0.02,
                        "{code=500, svc=web}", 0.02));
        assertThat(f.vector("http_errors / ignoring(code) group_left http_total", 60))
                .hasSize(3);
        // labels of group_left(...) come from the one side; web has no info series
        assertThat(f.vector("http_errors * on(svc) group_left(team) svc_info", 60))
                .isEqualTo(Map.of("{code=500, svc=api, team=pay}", 6.0, "{code=503, svc=api, team=pay}", 2.0));
        // without the modifier the left side is not unique per svc
        assertThatThrownBy(() -> f.vector("http_errors / on(svc) http_total", 60))
                .hasMessageContaining("many-to-many");
    }

    @Test
    void groupRight_oneToMany_keepsTheOperandOrder() {
        httpData();
        Map<String, Double> result = f.vector("http_total / on(svc) group_right http_errors", 60);
        assertThat(result).containsOnlyKeys("{code=500, svc=api}", "{code=503, svc=api}", "{code=500, svc=web}");
        assertThat(result.get("{code=500, svc=api}")).isCloseTo(100.0 / 6, within(1e-12));
        assertThat(result.get("{code=503, svc=api}")).isEqualTo(50.0);
        assertThat(result.get("{code=500, svc=web}")).isEqualTo(50.0);
        // a comparison keeps the left (one side's) value with the many side's labels
        assertThat(f.vector("http_total > on(svc) group_right http_errors * 20", 60))
                .isEqualTo(Map.of("{code=503, svc=api}", 100.0, "{code=500, svc=web}", 50.0));
    }

    @Test
    void groupLeft_manySideNotUniqueAfterGrouping_isAnError() {
        f.series("a,svc=x,code=1,team=p", 50, 1);
        f.series("a,svc=x,code=1,team=q", 50, 1);
        f.series("one,svc=x,team=r", 50, 1);
        // both left series become {code=1, svc=x, team=r} once team is copied from the one side
        assertThatThrownBy(() -> f.vector("a * on(svc) group_left(team) one", 60))
                .hasMessageContaining("unique matches");
    }
}
