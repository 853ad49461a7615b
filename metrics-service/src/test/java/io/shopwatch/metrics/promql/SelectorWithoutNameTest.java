package io.shopwatch.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Selectors without a metric name, as Prometheus allows them: at least one matcher not matching "". */
class SelectorWithoutNameTest {

    private final SeriesFixture f = new SeriesFixture();

    SelectorWithoutNameTest() {
        f.series("shop_orders_total,job=a", 10, 1);
        f.series("shop_cart_items,job=b", 10, 2);
        f.series("http_requests_total,job=a", 10, 3);
    }

    @Test
    void nameRegex_selectsEveryMatchingMetric() {
        assertThat(f.vector("{__name__=~\"shop_.*\"}", 10))
                .containsOnlyKeys("{__name__=shop_cart_items, job=b}", "{__name__=shop_orders_total, job=a}");
        assertThat(f.vector("{__name__=~\"shop_.*\", job=\"a\"}", 10))
                .containsOnlyKeys("{__name__=shop_orders_total, job=a}");
        assertThat(f.vector("{__name__!~\"shop_.*\", job=~\".+\"}", 10))
                .containsOnlyKeys("{__name__=http_requests_total, job=a}");
    }

    @Test
    void labelOnly_selectsAcrossMetrics() {
        assertThat(f.vector("{job=\"a\"}", 10))
                .containsOnlyKeys("{__name__=http_requests_total, job=a}", "{__name__=shop_orders_total, job=a}");
        assertThat(f.vector("sum by (job) ({job=~\"a|b\"})", 10))
                .containsEntry("{job=a}", 4.0)
                .containsEntry("{job=b}", 2.0);
        assertThat(f.vector("count_over_time({job=\"b\"}[1m])", 10)).containsEntry("{job=b}", 1.0);
    }

    @Test
    void nameEquality_isTheMetric() {
        assertThat(f.vector("{__name__=\"shop_cart_items\"}", 10))
                .containsEntry("{__name__=shop_cart_items, job=b}", 2.0);
    }
}
