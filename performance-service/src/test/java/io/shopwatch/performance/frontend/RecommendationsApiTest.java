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

/** Advice from the reads that went through the frontend, at GET /api/v1/performance/recommendations. */
class RecommendationsApiTest extends FrontendTestSupport {

    @Test
    void substringSearchesThroughTheFrontend_giveFullTextAndHeavyQueryAdvice_forTheCallersOrgOnly() throws Exception {
        String org = unique("advice");
        Instant now = Instant.now();
        ingest(
                org,
                "logs",
                List.of(
                        Map.of("_timestamp", micros(now.minusSeconds(60)), "message", "checkout timeout after 30 s"),
                        Map.of("_timestamp", micros(now.minusSeconds(50)), "message", "ok")));
        for (int i = 0; i < 3; i++) {
            String body = searchBody(
                    "SELECT * FROM logs WHERE message LIKE '%timeout%'",
                    micros(now.minusSeconds(3600 + i)), micros(Instant.now()));
            assertThat(frontendSearch(org, body).statusCode()).isEqualTo(200);
        }

        String token = TestTokens.shared().token("someone", org, Role.VIEWER);
        HttpResponse<byte[]> answer =
                send(frontend("/api/v1/performance/recommendations"), "GET", null, "Authorization", "Bearer " + token);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode advice = JSON.readTree(answer.body());
        assertThat(advice.path("org").asString()).isEqualTo(org);
        JsonNode fullText = kind(advice, "full-text-index");
        assertThat(fullText.path("stream").asString()).isEqualTo("logs");
        assertThat(fullText.path("evidence").path("field").asString()).isEqualTo("message");
        assertThat(fullText.path("evidence").path("searches").asLong()).isEqualTo(3);
        JsonNode heavy = kind(advice, "heavy-query");
        assertThat(heavy.path("evidence").path("query").asString()).contains("logs");
        assertThat(heavy.path("evidence").path("runs").asLong()).isEqualTo(3);
        assertThat(heavy.path("evidence").path("scanRecords").asLong()).isPositive();

        String other = TestTokens.shared().token("someone", unique("other"), Role.VIEWER);
        JsonNode foreign = JSON.readTree(
                send(frontend("/api/v1/performance/recommendations"), "GET", null, "Authorization", "Bearer " + other)
                        .body());
        assertThat(foreign.path("recommendations")).isEmpty();
    }

    private static JsonNode kind(JsonNode advice, String kind) {
        for (JsonNode recommendation : advice.path("recommendations")) {
            if (recommendation.path("kind").asString().equals(kind)) {
                return recommendation;
            }
        }
        throw new AssertionError("no " + kind + " in " + advice);
    }
}
