package io.shopwatch.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.TestTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Metric definitions in PostgreSQL: the e-commerce pack, CRUD with versions, and a definition's own series limit. */
class DefinitionsIT extends MetricsITSupport {

    @LocalServerPort
    int port;

    private final TestTokens tokens = TestTokens.shared();

    private Http.Answer send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return Http.send(request.build());
    }

    @Test
    void pack_installedInEveryOrg() {
        JsonNode list = Http.get(port, "/api/v1/metrics/definitions", tokens.token("defs-pack", Role.VIEWER))
                .json();
        assertThat(list)
                .extracting(d -> d.get("name").asString())
                .containsExactly(
                        "shop_cart_items",
                        "shop_checkout_duration_seconds",
                        "shop_gmv_total",
                        "shop_inventory_low",
                        "shop_order_value",
                        "shop_orders_total",
                        "shop_payments_total",
                        "shop_refunds_total");
        JsonNode orders = Http.get(
                        port, "/api/v1/metrics/definitions/shop_orders_total", tokens.token("defs-pack", Role.VIEWER))
                .json();
        assertThat(orders.get("type").asString()).isEqualTo("counter");
        assertThat(orders.get("labels").toString()).isEqualTo("[\"channel\",\"payment_method\"]");
        assertThat(orders.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void crud_versions_namingRules_roles() {
        String org = "defs-crud";
        String operator = tokens.token(org, Role.OPERATOR);
        String body = "{\"name\":\"shop_signups_total\",\"type\":\"counter\",\"help\":\"Sign-ups\","
                + "\"labels\":[\"channel\"],\"max_series\":3}";

        assertThat(send("POST", "/api/v1/metrics/definitions", tokens.token(org, Role.VIEWER), body)
                        .status())
                .isEqualTo(403);
        Http.Answer created = send("POST", "/api/v1/metrics/definitions", operator, body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("version").asInt()).isEqualTo(1);
        assertThat(send("POST", "/api/v1/metrics/definitions", operator, body).status())
                .isEqualTo(409);
        assertThat(send(
                                "POST",
                                "/api/v1/metrics/definitions",
                                operator,
                                "{\"name\":\"shop_signups\",\"type\":\"counter\"}")
                        .json()
                        .get("detail")
                        .asString())
                .contains("_total");
        assertThat(send(
                                "POST",
                                "/api/v1/metrics/definitions",
                                operator,
                                "{\"name\":\"shop_wait\",\"type\":\"gauge\",\"unit\":\"seconds\"}")
                        .status())
                .isEqualTo(400);

        Http.Answer updated = send(
                "PUT",
                "/api/v1/metrics/definitions/shop_signups_total",
                operator,
                "{\"type\":\"counter\",\"help\":\"Accounts created\",\"labels\":[\"channel\"],\"max_series\":3}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("version").asInt()).isEqualTo(2);
        assertThat(updated.json().get("help").asString()).isEqualTo("Accounts created");

        assertThat(send("DELETE", "/api/v1/metrics/definitions/shop_signups_total", operator, null)
                        .status())
                .isEqualTo(204);
        assertThat(Http.get(port, "/api/v1/metrics/definitions/shop_signups_total", operator)
                        .status())
                .isEqualTo(404);
        JsonNode versions = Http.get(port, "/api/v1/metrics/definitions/shop_signups_total/versions", operator)
                .json();
        assertThat(versions).extracting(v -> v.get("version").asInt()).containsExactly(1, 2, 3);
        assertThat(versions.get(2).has("definition")).isFalse();
        assertThat(versions.get(0).get("changed_by").asString()).isEqualTo("user@" + org);
    }

    @Test
    void definitionSeriesLimit_appliesToIngestion() {
        String org = "defs-limit";
        String operator = tokens.token(org, Role.OPERATOR);
        assertThat(send(
                                "POST",
                                "/api/v1/metrics/definitions",
                                operator,
                                "{\"name\":\"shop_logins_total\",\"type\":\"counter\",\"max_series\":3}")
                        .status())
                .isEqualTo(201);
        StringBuilder samples = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            samples.append(i == 0 ? "" : ",")
                    .append("{\"name\":\"shop_logins_total\",\"type\":\"counter\",\"value\":1,\"labels\":{\"k\":\"v")
                    .append(i)
                    .append("\"}}");
        }
        JsonNode answer = Http.postJson(
                        port,
                        "/api/v1/metrics",
                        tokens.token(org, Role.INGEST),
                        samples.append(']').toString())
                .json();
        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        assertThat(answer.get("results"))
                .extracting(r -> r.get("reason").asString())
                .containsExactly("max_series_per_metric", "max_series_per_metric");
    }

    @Test
    void definitionLabels_onlyTheseAccepted() {
        String org = "defs-labels";
        // the pack's shop_orders_total allows channel and payment_method (and job, instance)
        JsonNode answer = Http.postJson(
                        port,
                        "/api/v1/metrics",
                        tokens.token(org, Role.INGEST),
                        "[{\"name\":\"shop_orders_total\",\"type\":\"counter\",\"value\":1,"
                                + "\"labels\":{\"channel\":\"web\",\"payment_method\":\"card\",\"job\":\"shop\"}},"
                                + "{\"name\":\"shop_orders_total\",\"type\":\"counter\",\"value\":1,"
                                + "\"labels\":{\"channel\":\"web\",\"user_id\":\"u-1\"}},"
                                + "{\"name\":\"shop_custom\",\"value\":1,\"labels\":{\"user_id\":\"u-1\"}}]")
                .json();
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("results").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(answer.get("results").get(0).get("error_id").asString())
                .isEqualTo("err-shopwatch-label-not-allowed");
    }

    @Test
    void definitionLabelValueLimit_appliesToIngestion() {
        String org = "defs-values";
        String operator = tokens.token(org, Role.OPERATOR);
        assertThat(send(
                                "POST",
                                "/api/v1/metrics/definitions",
                                operator,
                                "{\"name\":\"shop_visits_total\",\"type\":\"counter\",\"max_label_values\":2}")
                        .status())
                .isEqualTo(201);
        assertThat(Http.get(port, "/api/v1/metrics/definitions/shop_visits_total", operator)
                        .json()
                        .get("max_label_values")
                        .asInt())
                .isEqualTo(2);
        StringBuilder samples = new StringBuilder("[");
        for (String country : new String[] {"de", "fr", "it", "de"}) {
            samples.append(samples.length() == 1 ? "" : ",")
                    .append(
                            "{\"name\":\"shop_visits_total\",\"type\":\"counter\",\"value\":1,\"labels\":{\"country\":\"")
                    .append(country)
                    .append("\"}}");
        }
        JsonNode answer = Http.postJson(
                        port,
                        "/api/v1/metrics",
                        tokens.token(org, Role.INGEST),
                        samples.append(']').toString())
                .json();
        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        assertThat(answer.get("results")).singleElement().satisfies(r -> {
            assertThat(r.get("index").asInt()).isEqualTo(2);
            assertThat(r.get("error_id").asString()).isEqualTo("err-shopwatch-max-label-values-per-label");
        });
    }
}
