package io.shopwatch.performance.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Statistics per org at /api/v1/performance/queries, totals in Prometheus. */
class QueryStatsTest extends FrontendTestSupport {

    @Test
    void queries_showTheCallersOrgOnly_withHitsAndBytesSaved() throws Exception {
        String org = unique("stats");
        Instant now = Instant.now();
        ingest(org, "orders", List.of(Map.of("_timestamp", micros(now.minusSeconds(7200)), "amount", 5)));
        String body = searchBody(
                "SELECT amount FROM orders", micros(now.minusSeconds(3 * 3600)), micros(now.minusSeconds(3600)));
        frontendSearch(org, body);
        HttpResponse<byte[]> warm = frontendSearch(org, body);
        frontendSearch(org, body);

        String token = TestTokens.shared().token("someone", org, Role.VIEWER);
        HttpResponse<byte[]> answer =
                send(frontend("/api/v1/performance/queries"), "GET", null, "Authorization", "Bearer " + token);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode stats = JSON.readTree(answer.body());
        assertThat(stats.path("org").asString()).isEqualTo(org);
        assertThat(stats.path("outcomes").path("hit").asLong()).isEqualTo(2);
        assertThat(stats.path("outcomes").path("miss").asLong()).isEqualTo(1);
        assertThat(stats.path("bytesSaved").asLong()).isEqualTo(2L * warm.body().length);
        assertThat(stats.path("slowest").get(0).path("query").asString()).contains("orders");

        String other = TestTokens.shared().token("someone", unique("other"), Role.VIEWER);
        JsonNode foreign = JSON.readTree(
                send(frontend("/api/v1/performance/queries"), "GET", null, "Authorization", "Bearer " + other)
                        .body());
        assertThat(foreign.path("outcomes").path("hit").asLong()).isZero();

        assertThat(send(frontend("/api/v1/performance/queries"), "GET", null, "Authorization", "Bearer x")
                        .statusCode())
                .isEqualTo(401);

        String metrics = text(send(frontend("/actuator/prometheus"), "GET", null, "Authorization", "Bearer x"));
        assertThat(metrics).contains("shopwatch_performance_queries_total{");
        assertThat(metrics).contains("outcome=\"hit\"");
        assertThat(metrics).contains("shopwatch_performance_bytes_saved_bytes_total");
        assertThat(metrics).contains("shopwatch_performance_hit_ratio");
    }

    @Test
    void health_reportsTheLiveFeedAndTheCache_toAnAdmin() throws Exception {
        String admin = TestTokens.shared().token("someone", "default", Role.ADMIN);
        JsonNode health =
                JSON.readTree(send(frontend("/actuator/health"), "GET", null, "Authorization", "Bearer " + admin)
                        .body());
        JsonNode frontend = health.path("components").path("queryFrontend");
        assertThat(frontend.path("status").asString()).isEqualTo("UP");
        assertThat(frontend.path("details").path("invalidationFeed").asString()).isEqualTo("live");
        assertThat(frontend.path("details").has("cacheBytes")).isTrue();
    }
}
