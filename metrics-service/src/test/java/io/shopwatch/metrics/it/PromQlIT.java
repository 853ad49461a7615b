package io.shopwatch.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The Prometheus HTTP API over samples in the embedded store, stored in OpenObserve's metrics layout (as the pipeline
 * writes them): Prometheus' response shapes, hand-computed values.
 */
class PromQlIT extends MetricsITSupport {

    @LocalServerPort
    int port;

    @Autowired
    OpenObserveClient client;

    private final TestTokens tokens = TestTokens.shared();

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Counter samples every 15 s, +15 per sample (1 per second), aligned to a whole minute. */
    private long seed(String org, String metric) {
        long minute = (Instant.now().minus(Duration.ofMinutes(10)).toEpochMilli() / 60_000) * 60_000;
        List<Map<String, Object>> samples = new ArrayList<>();
        for (String channel : List.of("web", "app")) {
            for (int i = 0; i <= 8; i++) {
                Map<String, Object> sample = new LinkedHashMap<>();
                sample.put("__name__", metric);
                sample.put("__type__", "counter");
                sample.put("channel", channel);
                sample.put("_timestamp", (minute + i * 15_000L) * 1000);
                sample.put("value", (channel.equals("web") ? 2 : 1) * 15.0 * i);
                samples.add(sample);
            }
        }
        client.forOrg(org).ingestMetrics(samples);
        return minute;
    }

    @Test
    void query_rateSumBy_vectorShape_handComputed() {
        String org = "promql-rate";
        long minute = seed(org, "shop_orders_total");
        long at = minute + 120_000; // samples at +0 ... +120 s: window (60 s, 120 s] holds 75, 90, 105, 120 s
        String token = tokens.token(org, Role.VIEWER);
        String path = "/api/" + org + "/prometheus/api/v1/query?query="
                + q("sum by (channel) (rate(shop_orders_total[1m]))") + "&time=" + (at / 1000);

        JsonNode answer = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> Http.get(port, path, token).json(),
                        j -> j.path("data").path("result").size() == 2);

        assertThat(answer.get("status").asString()).isEqualTo("success");
        assertThat(answer.get("data").get("resultType").asString()).isEqualTo("vector");
        Map<String, Double> byChannel = new LinkedHashMap<>();
        for (JsonNode series : answer.get("data").get("result")) {
            assertThat(series.get("metric").properties()).hasSize(1);
            assertThat(series.get("value").get(0).asLong()).isEqualTo(at / 1000);
            assertThat(series.get("value").get(1).isString()).isTrue();
            byChannel.put(
                    series.get("metric").get("channel").asString(),
                    Double.parseDouble(series.get("value").get(1).asString()));
        }
        // web: +30 per 15 s; in (60 s, 120 s] the samples of 75 ... 120 s: 90 over 45 s, 15 s to the start
        // (< 1.1 x 15 s), 0 s to the end: extrapolated by 60/45, increase 120 over 60 s = 2/s; app: half of it
        // (floating point gives 1.9999999999999998, as Prometheus' own arithmetic in this order does)
        assertThat(byChannel.get("web")).isCloseTo(2.0, within(1e-9));
        assertThat(byChannel.get("app")).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void queryRange_matrixShape_andSeriesLabelsValues() {
        String org = "promql-range";
        long minute = seed(org, "shop_payments_total");
        String token = tokens.token(org, Role.VIEWER);
        long start = (minute + 60_000) / 1000;
        long end = (minute + 120_000) / 1000;
        String path = "/api/" + org + "/prometheus/api/v1/query_range?query="
                + q("shop_payments_total{channel=\"app\"} * 2") + "&start=" + start + "&end=" + end + "&step=30s";

        JsonNode answer = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> Http.get(port, path, token).json(),
                        j -> j.path("data").path("result").size() == 1);

        assertThat(answer.get("data").get("resultType").asString()).isEqualTo("matrix");
        JsonNode series = answer.get("data").get("result").get(0);
        assertThat(series.get("metric").get("channel").asString()).isEqualTo("app");
        assertThat(series.get("metric").has("__name__")).isFalse();
        // app at +60 s, +90 s, +120 s: 60, 90, 120, times 2
        assertThat(series.get("values").toString())
                .isEqualTo("[[" + start + ",\"120\"],[" + (start + 30) + ",\"180\"],[" + end + ",\"240\"]]");

        String range = "&start=" + (minute / 1000) + "&end=" + end;
        JsonNode seriesAnswer = Http.get(
                        port,
                        "/api/" + org + "/prometheus/api/v1/series?match%5B%5D="
                                + q("shop_payments_total{channel=~\"w.*\"}") + range,
                        token)
                .json();
        assertThat(seriesAnswer.get("data").toString())
                .isEqualTo("[{\"__name__\":\"shop_payments_total\",\"channel\":\"web\"}]");
        JsonNode labels = Http.get(
                        port,
                        "/api/" + org + "/prometheus/api/v1/labels?match%5B%5D=" + q("shop_payments_total") + range,
                        token)
                .json();
        assertThat(labels.get("data").toString()).isEqualTo("[\"__name__\",\"channel\"]");
        JsonNode values = Http.get(
                        port,
                        "/api/" + org + "/prometheus/api/v1/label/channel/values?match%5B%5D="
                                + q("shop_payments_total") + range,
                        token)
                .json();
        assertThat(values.get("data").toString()).isEqualTo("[\"app\",\"web\"]");
        JsonNode names = Http.get(port, "/api/" + org + "/prometheus/api/v1/label/__name__/values", token)
                .json();
        assertThat(names.get("data").toString()).isEqualTo("[\"shop_payments_total\"]");
    }

    @Test
    void query_histogramQuantileOfStoredBuckets_andAbsent() {
        String org = "promql-histogram";
        long at = (Instant.now().minus(Duration.ofMinutes(5)).toEpochMilli() / 1000) * 1000;
        // cumulative buckets as the pipeline stores them (le as text, +Inf included): 0.5:40 1:75 2.5:90 +Inf:92
        Map<String, Double> buckets = new LinkedHashMap<>();
        buckets.put("0.5", 40.0);
        buckets.put("1", 75.0);
        buckets.put("2.5", 90.0);
        buckets.put("+Inf", 92.0);
        List<Map<String, Object>> samples = new ArrayList<>();
        buckets.forEach((le, count) -> {
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("__name__", "shop_checkout_duration_seconds_bucket");
            sample.put("__type__", "histogram");
            sample.put("service", "checkout");
            sample.put("le", le);
            sample.put("_timestamp", at * 1000);
            sample.put("value", count);
            samples.add(sample);
        });
        client.forOrg(org).ingestMetrics(samples);
        String token = tokens.token(org, Role.VIEWER);
        String path = "/api/" + org + "/prometheus/api/v1/query?query="
                + q("histogram_quantile(0.5, shop_checkout_duration_seconds_bucket)") + "&time=" + (at / 1000 + 10);

        JsonNode answer = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> Http.get(port, path, token).json(),
                        j -> j.path("data").path("result").size() == 1);

        // rank 0.5 x 92 = 46 in le=1: 0.5 + 0.5 x (46 - 40) / (75 - 40) = 0.5857142857...
        JsonNode series = answer.get("data").get("result").get(0);
        assertThat(series.get("metric").toString()).isEqualTo("{\"service\":\"checkout\"}");
        assertThat(Double.parseDouble(series.get("value").get(1).asString()))
                .isCloseTo(0.5 + 0.5 * 6 / 35, within(1e-12));

        JsonNode absent = Http.get(
                        port,
                        "/api/" + org + "/prometheus/api/v1/query?query="
                                + q("absent(shop_checkout_duration_seconds_bucket{service=\"search\"})") + "&time="
                                + (at / 1000 + 10),
                        token)
                .json();
        assertThat(absent.get("data").get("result").toString())
                .isEqualTo("[{\"metric\":{\"service\":\"search\"},\"value\":[" + (at / 1000 + 10) + ",\"1\"]}]");
    }

    @Test
    void selectorsWithoutMetricName_queryAndSeriesApis() {
        String org = "promql-nameless";
        long minute = seed(org, "shop_a_total");
        seed(org, "shop_b_total");
        seed(org, "other_total");
        String token = tokens.token(org, Role.VIEWER);
        String range = "&start=" + (minute / 1000) + "&end=" + (minute / 1000 + 120);
        String series = "/api/" + org + "/prometheus/api/v1/series?match%5B%5D=";

        JsonNode byName = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> Http.get(port, series + q("{__name__=~\"shop_.*\", channel=\"web\"}") + range, token)
                                .json(),
                        j -> j.path("data").size() == 2);
        assertThat(byName.get("data").toString())
                .contains("{\"__name__\":\"shop_a_total\",\"channel\":\"web\"}")
                .contains("{\"__name__\":\"shop_b_total\",\"channel\":\"web\"}");
        JsonNode byLabel =
                Http.get(port, series + q("{channel=\"app\"}") + range, token).json();
        assertThat(byLabel.get("data")).hasSize(3);
        JsonNode values = Http.get(
                        port,
                        "/api/" + org + "/prometheus/api/v1/label/__name__/values?match%5B%5D=" + q("{channel=\"app\"}")
                                + range,
                        token)
                .json();
        assertThat(values.get("data").toString()).isEqualTo("[\"other_total\",\"shop_a_total\",\"shop_b_total\"]");
        JsonNode count = Http.get(
                        port,
                        "/api/" + org + "/prometheus/api/v1/query?query=" + q("count({__name__=~\"shop_.*\"})")
                                + "&time=" + (minute / 1000 + 120),
                        token)
                .json();
        assertThat(count.get("data").get("result").get(0).get("value").get(1).asString())
                .isEqualTo("4");
        Http.Answer empty = Http.get(
                port, "/api/" + org + "/prometheus/api/v1/series?match%5B%5D=" + q("{channel=~\".*\"}"), token);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("error").asString()).contains("non-empty matcher");
    }

    @Test
    void query_errors_prometheusShape_andOrgChecked() {
        String org = "promql-errors";
        String token = tokens.token(org, Role.VIEWER);
        Http.Answer bad = Http.get(port, "/api/" + org + "/prometheus/api/v1/query?query=" + q("sum(x"), token);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("status").asString()).isEqualTo("error");
        assertThat(bad.json().get("errorType").asString()).isEqualTo("bad_data");
        Http.Answer scalar =
                Http.get(port, "/api/" + org + "/prometheus/api/v1/query?query=" + q("1 + 2") + "&time=100.5", token);
        assertThat(scalar.json().get("data").toString())
                .isEqualTo("{\"resultType\":\"scalar\",\"result\":[100.5,\"3\"]}");
        Http.Answer empty =
                Http.get(port, "/api/" + org + "/prometheus/api/v1/query?query=" + q("no_such_metric"), token);
        assertThat(empty.json().get("data").get("result")).isEmpty();
        assertThat(Http.get(port, "/api/other/prometheus/api/v1/query?query=1", token)
                        .status())
                .isEqualTo(403);
        assertThat(Http.get(port, "/api/" + org + "/prometheus/api/v1/query?query=1", null)
                        .status())
                .isEqualTo(401);
    }
}
