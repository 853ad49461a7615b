package io.shopwatch.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The PromQL rules of alert-service's e-commerce rule pack, read from the pack file itself and evaluated by this
 * service's evaluator over hand-made series: the queries parse and give the values the rules' thresholds expect.
 */
class AlertRulePackQueryTest {

    static final Path PACK = Path.of("..", "alert-service", "src", "main", "resources", "rule-packs", "ecommerce.yml");

    @SuppressWarnings("unchecked")
    static String query(String rule) throws IOException {
        Map<String, Object> pack = new Yaml().load(Files.readString(PACK));
        return ((List<Map<String, Object>>) pack.get("rules"))
                .stream()
                        .filter(r -> r.get("name").equals(rule))
                        .map(r -> (String) r.get("query"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(rule + " is not in " + PACK.toAbsolutePath()));
    }

    @Test
    void paymentSuccessRateLow_givesTheSuccessRatePerProvider_withAtLeast20Attempts() throws IOException {
        SeriesFixture f = new SeriesFixture();
        f.counter("shop_payments_total,result=success,provider=adyen", 0.97);
        f.counter("shop_payments_total,result=failed,provider=adyen", 0.03);
        f.counter("shop_payments_total,result=success,provider=stripe", 0.5);
        f.counter("shop_payments_total,result=failed,provider=stripe", 0.5);
        // 0.02 attempts a second: about 6 in five minutes, too few to judge
        f.counter("shop_payments_total,result=success,provider=paypal", 0.01);
        f.counter("shop_payments_total,result=failed,provider=paypal", 0.01);

        Map<String, Double> rate = f.vector(query("PaymentSuccessRateLow"), 300);

        assertThat(rate).containsOnlyKeys("{provider=adyen}", "{provider=stripe}");
        assertThat(rate.get("{provider=adyen}")).isCloseTo(0.97, within(1e-9));
        assertThat(rate.get("{provider=stripe}")).isCloseTo(0.5, within(1e-9));
    }
}
