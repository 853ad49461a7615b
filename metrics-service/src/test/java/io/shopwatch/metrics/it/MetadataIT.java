package io.shopwatch.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code /api/{org}/prometheus/api/v1/metadata} in Prometheus' shape, from definitions and stored streams. */
class MetadataIT extends MetricsITSupport {

    @LocalServerPort
    int port;

    @Autowired
    OpenObserveClient client;

    private final TestTokens tokens = TestTokens.shared();

    @Test
    void metadata_definitionsAndStoredStreams_prometheusShape() {
        String org = "meta-org";
        List<Map<String, Object>> samples = new ArrayList<>();
        long micros = Instant.now().toEpochMilli() * 1000;
        for (String name : List.of("latency_bucket", "latency_sum", "latency_count", "queue_depth")) {
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("__name__", name);
            sample.put("_timestamp", micros);
            sample.put("value", 1.0);
            if (name.endsWith("_bucket")) {
                sample.put("le", "+Inf");
            }
            samples.add(sample);
        }
        client.forOrg(org).ingestMetrics(samples);
        String token = tokens.token(org, Role.VIEWER);

        JsonNode all = Http.get(port, "/api/" + org + "/prometheus/api/v1/metadata", token)
                .json();

        assertThat(all.get("status").asString()).isEqualTo("success");
        JsonNode orders = all.get("data").get("shop_orders_total");
        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).get("type").asString()).isEqualTo("counter");
        assertThat(orders.get(0).get("help").asString()).isEqualTo("Completed orders");
        assertThat(orders.get(0).get("unit").asString()).isEmpty();
        assertThat(all.get("data").get("latency").get(0).get("type").asString()).isEqualTo("histogram");
        assertThat(all.get("data").get("queue_depth").get(0).get("type").asString())
                .isEqualTo("unknown");
        assertThat(all.get("data").has("latency_bucket")).isFalse();

        JsonNode one = Http.get(port, "/api/" + org + "/prometheus/api/v1/metadata?metric=shop_cart_items", token)
                .json();
        assertThat(one.get("data").propertyNames()).containsExactly("shop_cart_items");
        assertThat(Http.get(port, "/api/" + org + "/prometheus/api/v1/metadata?limit=2", token)
                        .json()
                        .get("data")
                        .size())
                .isEqualTo(2);
        assertThat(Http.get(port, "/api/" + org + "/prometheus/api/v1/metadata", tokens.token("other", Role.VIEWER))
                        .status())
                .isEqualTo(403);
    }
}
