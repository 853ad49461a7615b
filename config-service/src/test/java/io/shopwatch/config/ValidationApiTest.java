package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.config.ConfigApi.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The validation gate on publish, through HTTP: 422 problem+json with field errors, and nothing published. */
class ValidationApiTest extends ConfigServiceIntegrationTest {

    private static final String ORG = "shop-v";

    @Test
    void invalidPublish_isRefusedWithFieldErrors_andNothingIsApplied() {
        String token = operator(ORG);
        long good = api.draftAndPublish(
                        "pipeline-service", "prod", token, "{\"shopwatch.pipeline.flatten-depth\":3}", "good")
                .json()
                .path("id")
                .asLong();

        Answer refused = api.draftAndPublish(
                "pipeline-service",
                "prod",
                token,
                "{\"shopwatch\":{\"pipeline\":{\"flatten-depth\":50,\"pii\":{\"rules\":[{\"name\":\"ref\","
                        + "\"pattern\":\"([a-z\"}]}}},\"tracing.sampling-rate\":7.5,\"openobserve.url\":\"nope\"}",
                "bad");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode problem = refused.json();
        assertThat(problem.path("type").asString()).isEqualTo("https://shopwatch.io/problems/invalid-configuration");
        assertThat(problem.path("errors").valueStream().map(e -> e.path("field").asString()))
                .containsExactlyInAnyOrder(
                        "shopwatch.pipeline.flatten-depth",
                        "shopwatch.pipeline.pii.rules[0].pattern",
                        "tracing.sampling-rate",
                        "openobserve.url");

        JsonNode releases = api.get("/api/v1/config/pipeline-service/prod/releases", viewer(ORG))
                .json();
        assertThat(releases).hasSize(1);
        assertThat(releases.get(0).path("id").asLong()).isEqualTo(good);
        JsonNode source = api.get("/pipeline-service/prod", viewer(ORG))
                .json()
                .path("propertySources")
                .get(0)
                .path("source");
        assertThat(source.path("shopwatch.pipeline.flatten-depth").asInt()).isEqualTo(3);
        assertThat(source.has("tracing.sampling-rate")).isFalse();
    }

    @Test
    void pipelineStageSettings_invalidPublish_isRefusedWithFieldErrors_andTheValidOnePublishes() {
        String token = operator(ORG);
        Answer bad = api.draftAndPublish(
                "pipeline-service",
                "stages",
                token,
                "{\"shopwatch\":{\"pipeline\":{\"stages\":\"flatten,timestamp,no_such_stage\","
                        + "\"amount-bands\":\"50,-200\",\"streams\":{\"orders\":{"
                        + "\"required-fields\":[\"Customer Id\"],\"json-schema\":\"{\\\"type\\\":\\\"nope\\\"}\"}}}}}",
                "bad stage settings");

        assertThat(bad.status()).as(bad.body()).isEqualTo(422);
        assertThat(bad.json().path("errors").valueStream().map(e -> e.path("field")
                        .asString()))
                .containsExactlyInAnyOrder(
                        "shopwatch.pipeline.stages",
                        "shopwatch.pipeline.amount-bands",
                        "shopwatch.pipeline.streams.orders.required-fields[0]",
                        "shopwatch.pipeline.streams.orders.json-schema");
        assertThat(api.get("/api/v1/config/pipeline-service/stages/releases", viewer(ORG))
                        .json())
                .isEmpty();

        Answer good = api.draftAndPublish(
                "pipeline-service",
                "stages",
                token,
                "{\"shopwatch\":{\"pipeline\":{\"stages\":\"flatten,timestamp,required_fields\","
                        + "\"amount-bands\":\"50,200\",\"streams\":{\"orders\":{"
                        + "\"required-fields\":[\"customer_id\"],\"json-schema\":\"{\\\"type\\\":\\\"object\\\"}\"}}}}}",
                "stage settings");
        assertThat(good.status()).as(good.body()).isEqualTo(201);
    }

    @Test
    void alertDefaults_invalidPublish_isRefusedWithFieldErrors() {
        String token = operator(ORG);
        Answer refused = api.draftAndPublish(
                "alert-service",
                "prod",
                token,
                "{\"shopwatch.alert.defaults.group-wait\":\"10s\","
                        + "\"shopwatch.alert.defaults.group-interval\":\"0s\","
                        + "\"shopwatch.alert.rules.default-interval\":\"500ms\","
                        + "\"shopwatch.alert.defaults.resolve-timeout\":\"5 minutes\"}",
                "bad defaults");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().path("errors").valueStream().map(e -> e.path("field")
                        .asString()))
                .containsExactlyInAnyOrder(
                        "shopwatch.alert.defaults.group-interval",
                        "shopwatch.alert.defaults.resolve-timeout",
                        "shopwatch.alert.rules.default-interval");
        assertThat(api.get("/api/v1/config/alert-service/prod/releases", viewer(ORG))
                        .json())
                .isEmpty();

        Answer accepted = api.draftAndPublish(
                "alert-service",
                "prod",
                token,
                "{\"shopwatch.alert.defaults.group-wait\":\"10s\","
                        + "\"shopwatch.alert.defaults.group-interval\":\"1m\","
                        + "\"shopwatch.alert.rules.default-interval\":\"30s\"}",
                "faster first notification");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    }

    @Test
    void ingestBudgets_invalidPublish_isRefusedWithFieldErrors_validOneAccepted() {
        String token = operator(ORG);
        Answer refused = api.draftAndPublish(
                "performance-service",
                "prod",
                token,
                "{\"shopwatch\":{\"performance\":{\"budgets\":{\"org-records-per-second\":-1,"
                        + "\"min-rate\":0,\"max-increase\":0,\"tolerance\":1,\"topic\":\"elsewhere\","
                        + "\"limits\":[{\"org\":\"Shop V\",\"stream\":\"web/logs\",\"records-per-second\":50}]}}}}",
                "bad budgets");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().path("errors").valueStream().map(e -> e.path("field")
                        .asString()))
                .containsExactlyInAnyOrder(
                        "shopwatch.performance.budgets.org-records-per-second",
                        "shopwatch.performance.budgets.min-rate",
                        "shopwatch.performance.budgets.max-increase",
                        "shopwatch.performance.budgets.tolerance",
                        "shopwatch.performance.budgets.topic",
                        "shopwatch.performance.budgets.limits[0].org",
                        "shopwatch.performance.budgets.limits[0].stream");
        assertThat(api.get("/api/v1/config/performance-service/prod/releases", viewer(ORG))
                        .json())
                .isEmpty();

        Answer accepted = api.draftAndPublish(
                "performance-service",
                "prod",
                token,
                "{\"shopwatch\":{\"performance\":{\"budgets\":{\"org-records-per-second\":2000,"
                        + "\"min-rate\":0.01,\"interval\":\"30s\",\"never-sampled\":\"payments,refunds\","
                        + "\"limits\":[{\"org\":\"shop-v\",\"stream\":\"web\",\"records-per-second\":500}]}}}}",
                "web budget for the sale");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        JsonNode source = api.get("/performance-service/prod", viewer(ORG))
                .json()
                .path("propertySources")
                .get(0)
                .path("source");
        assertThat(source.path("shopwatch.performance.budgets.limits[0].records-per-second")
                        .asInt())
                .isEqualTo(500);
    }

    @Test
    void validate_reportsWithoutPublishing() {
        api.put("/api/v1/config/dry/prod/draft", operator(ORG), "{\"a.sampling-rate\":2}");
        Answer verdict = api.post("/api/v1/config/dry/prod/validate", operator(ORG), "");
        assertThat(verdict.status()).as(verdict.body()).isEqualTo(200);
        assertThat(verdict.json().path("valid").asBoolean()).isFalse();
        assertThat(verdict.json().path("errors").get(0).path("field").asString())
                .isEqualTo("a.sampling-rate");
        assertThat(api.get("/api/v1/config/dry/prod/releases", viewer(ORG)).json())
                .isEmpty();
    }
}
