package io.shopwatch.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code GET /api/v1/metrics/prometheus}: the org's latest samples in the Prometheus text format. */
class ExpositionIT extends MetricsITSupport {

    @LocalServerPort
    int port;

    @Autowired
    OpenObserveClient client;

    private final TestTokens tokens = TestTokens.shared();

    private static Map<String, Object> sample(String name, String type, long micros, double value, String... labels) {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("__name__", name);
        sample.put("__type__", type);
        for (int i = 0; i < labels.length; i += 2) {
            sample.put(labels[i], labels[i + 1]);
        }
        sample.put("_timestamp", micros);
        sample.put("value", value);
        return sample;
    }

    @Test
    void scrape_latestSamples_textFormat_histogramFamiliesGathered() {
        String org = "expo";
        long now = Instant.now().toEpochMilli() * 1000;
        List<Map<String, Object>> samples = new ArrayList<>();
        samples.add(sample("shop_orders_total", "counter", now - 60_000_000, 5, "channel", "web"));
        samples.add(sample("shop_orders_total", "counter", now - 30_000_000, 7, "channel", "web"));
        samples.add(sample("shop_cart_items", "gauge", now - 30_000_000, 4, "channel", "web"));
        samples.add(sample(
                "shop_checkout_duration_seconds_bucket",
                "histogram",
                now - 30_000_000,
                3,
                "channel",
                "web",
                "le",
                "+Inf"));
        samples.add(sample(
                "shop_checkout_duration_seconds_bucket",
                "histogram",
                now - 30_000_000,
                2,
                "channel",
                "web",
                "le",
                "0.5"));
        samples.add(sample("shop_checkout_duration_seconds_sum", "histogram", now - 30_000_000, 1.5, "channel", "web"));
        samples.add(sample("shop_checkout_duration_seconds_count", "histogram", now - 30_000_000, 3, "channel", "web"));
        client.forOrg(org).ingestMetrics(samples);
        String token = tokens.token(org, Role.VIEWER);

        Http.Answer answer = await().atMost(Duration.ofSeconds(10))
                .until(() -> Http.get(port, "/api/v1/metrics/prometheus", token), a -> a.body()
                        .contains("_count"));

        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type ->
                        assertThat(type).startsWith("text/plain;version=0.0.4").contains("charset=utf-8"));
        assertThat(answer.body()).isEqualTo("""
                        # HELP shop_cart_items Items in active carts
                        # TYPE shop_cart_items gauge
                        shop_cart_items{channel="web"} 4
                        # HELP shop_checkout_duration_seconds Time from checkout start to order placed
                        # TYPE shop_checkout_duration_seconds histogram
                        shop_checkout_duration_seconds_bucket{channel="web",le="0.5"} 2
                        shop_checkout_duration_seconds_bucket{channel="web",le="+Inf"} 3
                        shop_checkout_duration_seconds_sum{channel="web"} 1.5
                        shop_checkout_duration_seconds_count{channel="web"} 3
                        # HELP shop_orders_total Completed orders
                        # TYPE shop_orders_total counter
                        shop_orders_total{channel="web"} 7
                        """);
        assertThat(Http.get(port, "/api/v1/metrics/prometheus?org=other", token).status())
                .isEqualTo(403);

        // what Prometheus asks for when it prefers OpenMetrics
        Http.Answer openMetrics = Http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/metrics/prometheus"))
                .header("Authorization", "Bearer " + token)
                .header(
                        "Accept",
                        "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1")
                .GET()
                .build());
        assertThat(openMetrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/openmetrics-text;version=1.0.0"));
        assertThat(openMetrics.body()).isEqualTo("""
                        # HELP shop_cart_items Items in active carts
                        # TYPE shop_cart_items gauge
                        shop_cart_items{channel="web"} 4
                        # HELP shop_checkout_duration_seconds Time from checkout start to order placed
                        # TYPE shop_checkout_duration_seconds histogram
                        # UNIT shop_checkout_duration_seconds seconds
                        shop_checkout_duration_seconds_bucket{channel="web",le="0.5"} 2
                        shop_checkout_duration_seconds_bucket{channel="web",le="+Inf"} 3
                        shop_checkout_duration_seconds_sum{channel="web"} 1.5
                        shop_checkout_duration_seconds_count{channel="web"} 3
                        # HELP shop_orders Completed orders
                        # TYPE shop_orders counter
                        shop_orders_total{channel="web"} 7
                        # EOF
                        """);
    }
}
