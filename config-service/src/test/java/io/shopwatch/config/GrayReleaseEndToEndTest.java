package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.config.ConfigChangeWatcher;
import io.shopwatch.democlient.DemoService.DemoProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two running services of one application, {@code demo-a} (label {@code canary=true}) and {@code demo-b}: a gray
 * release reaches only the chosen one, abandon returns it to the release in force, promote reaches both; the rollout
 * status follows their acknowledgements.
 */
class GrayReleaseEndToEndTest extends ConfigServiceIntegrationTest {

    private static final String ORG = "shop-gray";
    private static final String APP = "gray-demo";
    private static final String GRAY = "/api/v1/config/" + APP + "/prod/gray";

    @Value("${spring.kafka.bootstrap-servers}")
    String brokers;

    @TempDir
    Path dir;

    @Test
    void grayRelease_reachesOnlyChosenInstance_thenAbandonRestores_thenPromoteReachesBoth() {
        String token = operator(ORG);
        long base = api.draftAndPublish(APP, "prod", token, "{\"demo\":{\"rate\":0.25}}", "base")
                .json()
                .path("id")
                .asLong();
        try (ConfigurableApplicationContext a = start("demo-a", "canary=true");
                ConfigurableApplicationContext b = start("demo-b", "")) {
            DemoProperties rateA = a.getBean(DemoProperties.class);
            DemoProperties rateB = b.getBean(DemoProperties.class);
            assertThat(rateA.getRate()).isEqualTo(0.25);
            assertThat(rateB.getRate()).isEqualTo(0.25);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> a.getBean(ConfigChangeWatcher.class).following()
                            && b.getBean(ConfigChangeWatcher.class).following());
            // both acknowledged the release they started on
            await().atMost(Duration.ofSeconds(30)).until(() -> applied(status(token)) == 2);

            // gray release to demo-a by instance id: only demo-a gets it
            assertThat(api.put("/api/v1/config/" + APP + "/prod/draft", token, "{\"demo\":{\"rate\":0.5}}")
                            .status())
                    .isEqualTo(200);
            var started = api.post(GRAY, token, "{\"reason\":\"try 0.5\",\"instances\":[\"demo-a\"]}");
            assertThat(started.status()).isEqualTo(201);
            long gray = started.json().path("release_id").asLong();
            Instant grayAt = Instant.parse(started.json().path("created_at").asString());
            await().atMost(Duration.ofSeconds(30)).until(() -> rateA.getRate() == 0.5);
            // demo-b saw the change event too, fetched again, got the release in force and said so
            await().atMost(Duration.ofSeconds(30)).until(() -> ackedSince(status(token), "demo-b", grayAt));
            assertThat(rateB.getRate()).isEqualTo(0.25);
            JsonNode status = status(token);
            assertThat(status.path("gray").path("state").asString()).isEqualTo("ACTIVE");
            assertThat(status.path("gray_instances").asLong()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> status(token).path("gray_applied").asLong() == 1);
            JsonNode instanceA = instance(status(token), "demo-a");
            assertThat(instanceA.path("gray").asBoolean()).isTrue();
            assertThat(instanceA.path("expected_release").asLong()).isEqualTo(gray);
            assertThat(instanceA.path("applied_release").asLong()).isEqualTo(gray);
            JsonNode instanceB = instance(status(token), "demo-b");
            assertThat(instanceB.path("gray").asBoolean()).isFalse();
            assertThat(instanceB.path("applied_release").asLong()).isEqualTo(base);
            assertThat(instanceB.path("status").asString()).isEqualTo("APPLIED");

            // no publish or second gray release while one is in progress
            assertThat(api.post("/api/v1/config/" + APP + "/prod/publish", token, "{\"reason\":\"x\"}")
                            .status())
                    .isEqualTo(409);
            assertThat(api.post(GRAY, token, "{\"reason\":\"again\",\"labels\":{\"canary\":\"true\"}}")
                            .status())
                    .isEqualTo(409);

            // abandon: demo-a returns to the release in force
            var abandoned = api.post(GRAY + "/abandon", token, "{\"reason\":\"too high\"}");
            assertThat(abandoned.status()).isEqualTo(200);
            assertThat(abandoned.json().path("state").asString()).isEqualTo("ABANDONED");
            await().atMost(Duration.ofSeconds(30)).until(() -> rateA.getRate() == 0.25);
            assertThat(api.post(GRAY + "/promote", token, "{}").status()).isEqualTo(404);

            // gray release by label, then promote: both get it
            assertThat(api.post(GRAY, token, "{\"reason\":\"try 0.5 on canaries\",\"labels\":{\"canary\":\"true\"}}")
                            .status())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(30)).until(() -> rateA.getRate() == 0.5);
            var promoted = api.post(GRAY + "/promote", token, "{\"reason\":\"looks good\"}");
            assertThat(promoted.status()).isEqualTo(200);
            assertThat(promoted.json().path("state").asString()).isEqualTo("PROMOTED");
            long promotedRelease = promoted.json().path("release_id").asLong();
            await().atMost(Duration.ofSeconds(30)).until(() -> rateB.getRate() == 0.5);
            assertThat(rateA.getRate()).isEqualTo(0.5);
            await().atMost(Duration.ofSeconds(30)).until(() -> applied(status(token)) == 2);
            assertThat(status(token).path("in_force").asLong()).isEqualTo(promotedRelease);
        }

        List<String> operations = new ArrayList<>();
        api.get("/api/v1/config/" + APP + "/prod/history", token)
                .json()
                .forEach(h -> operations.add(h.path("operation").asString()));
        assertThat(operations).containsExactly("PROMOTE", "GRAY", "ABANDON", "GRAY", "PUBLISH");
    }

    @Test
    void configProtocol_servesGrayReleaseOnlyToChosenInstance() {
        String token = operator(ORG);
        String app = "gray-protocol";
        api.draftAndPublish(app, "prod", token, "{\"x\":1}", "base");
        api.put("/api/v1/config/" + app + "/prod/draft", token, "{\"x\":2}");
        assertThat(api.post(
                                "/api/v1/config/" + app + "/prod/gray",
                                token,
                                "{\"reason\":\"r\",\"labels\":{\"zone\":\"eu-1\"}}")
                        .status())
                .isEqualTo(201);
        assertThat(api.get("/" + app + "/prod", service(ORG), "zone=eu-1,canary=true")
                        .json()
                        .path("propertySources")
                        .get(0)
                        .path("source")
                        .path("x")
                        .asInt())
                .isEqualTo(2);
        assertThat(api.get("/" + app + "/prod", service(ORG), "zone=us-1")
                        .json()
                        .path("propertySources")
                        .get(0)
                        .path("source")
                        .path("x")
                        .asInt())
                .isEqualTo(1);
        // a viewer may read the rollout but not start or end a gray release
        assertThat(api.get("/api/v1/config/" + app + "/prod/gray", viewer(ORG)).status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/config/" + app + "/prod/gray/abandon", viewer(ORG), "{}")
                        .status())
                .isEqualTo(403);
    }

    private ConfigurableApplicationContext start(String instance, String labels) {
        return DemoClients.start(APP, port, service(ORG), brokers, dir.resolve(instance + ".json"), instance, labels);
    }

    private JsonNode status(String token) {
        return api.get(GRAY, token).json();
    }

    private static long applied(JsonNode status) {
        long n = 0;
        for (JsonNode i : status.path("instances")) {
            if ("APPLIED".equals(i.path("status").asString())) {
                n++;
            }
        }
        return n;
    }

    private static boolean ackedSince(JsonNode status, String instance, Instant since) {
        JsonNode i = instance(status, instance);
        return i != null && !Instant.parse(i.path("acked_at").asString()).isBefore(since);
    }

    private static JsonNode instance(JsonNode status, String id) {
        for (JsonNode i : status.path("instances")) {
            if (id.equals(i.path("instance").asString())) {
                return i;
            }
        }
        return null;
    }
}
