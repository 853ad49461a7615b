package io.shopwatch.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shopwatch.gateway.auth.RouteAccessPolicy;
import io.swagger.v3.core.util.Json31;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Merging the services' documents: components kept once or renamed, first route wins, the absent named. */
class OpenApiAggregatorTest {

    private final OpenApiAggregator aggregator = new OpenApiAggregator(new RouteAccessPolicy(), "ShopWatch API", "v1");

    @Test
    void aggregate_renamesComponentsThatDiffer_andKeepsEqualOnesOnce() throws Exception {
        GatewayRoute a = route("a", "/api/v1/a/**");
        GatewayRoute b = route("b", "/api/v1/b/**");
        ServiceDocument first = document("/api/v1/a/items", thing("x", "string"));
        ServiceDocument second = document("/api/v1/b/items", thing("y", "integer"));

        JsonNode merged = json(aggregator.aggregate(List.of(a, b), Map.of("a", first, "b", second)));

        JsonNode schemas = merged.path("components").path("schemas");
        assertThat(schemas.has("Thing")).isTrue();
        assertThat(schemas.has("b_Thing")).isTrue();
        assertThat(schemas.path("b_Thing").path("properties").has("y")).isTrue();
        assertThat(schemas.has("Same")).isTrue();
        assertThat(schemas.has("b_Same")).as("equal definitions are kept once").isFalse();
        assertThat(schemas.path("b_Thing")
                        .path("properties")
                        .path("same")
                        .path("$ref")
                        .asText())
                .isEqualTo("#/components/schemas/Same");
        assertThat(schemas.has("Unused")).as("nothing listed refers to it").isFalse();
        assertThat(responseSchema(merged, "/api/v1/a/items")).isEqualTo("#/components/schemas/Thing");
        assertThat(responseSchema(merged, "/api/v1/b/items")).isEqualTo("#/components/schemas/b_Thing");
        assertThat(merged.path("paths")
                        .path("/api/v1/b/items")
                        .path("get")
                        .path("operationId")
                        .asText())
                .as("operation ids stay unique")
                .isEqualTo("b_list");
    }

    @Test
    void aggregate_listsAPathUnderTheRouteTheGatewayPicks() throws Exception {
        GatewayRoute specific = route("logging", "/api/v1/logs/**");
        GatewayRoute catchAll = new GatewayRoute(
                "openobserve", URI.create("http://store"), 10, List.of("/api/{org}/**"), Set.of(), List.of());
        ServiceDocument store = document("/api/v1/logs/items", thing("z", "string"));

        JsonNode merged = json(aggregator.aggregate(
                List.of(specific, catchAll),
                Map.of("logging", new ServiceDocument.Missing("answered 503"), "openobserve", store)));

        assertThat(merged.path("paths").has("/api/v1/logs/items"))
                .as("the gateway sends that path to logging, not to the store")
                .isFalse();
        assertThat(merged.path("x-shopwatch-missing").toString()).contains("logging", "answered 503");
    }

    private static GatewayRoute route(String id, String pattern) {
        return new GatewayRoute(id, URI.create("http://" + id), 0, List.of(pattern), Set.of(), List.of());
    }

    private static String thing(String property, String type) {
        return "{\"type\": \"object\", \"properties\": {\"%s\": {\"type\": \"%s\"}, \"same\": {\"$ref\": \"#/components/schemas/Same\"}}}"
                .formatted(property, type);
    }

    private static ServiceDocument document(String path, String thing) throws Exception {
        String json = """
                {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                 "paths": {"%s": {"get": {"operationId": "list", "responses": {"200": {"description": "ok",
                   "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
                 "components": {"schemas": {"Thing": %s, "Same": {"type": "string"}, "Unused": {"type": "string"}}}}
                """.formatted(path, thing);
        return new ServiceDocument.Available((ObjectNode) Json31.mapper().readTree(json));
    }

    private static JsonNode json(io.swagger.v3.oas.models.OpenAPI api) throws Exception {
        return Json31.mapper().readTree(OpenApiAggregator.json(api));
    }

    private static String responseSchema(JsonNode document, String path) {
        return document.path("paths")
                .path(path)
                .path("get")
                .path("responses")
                .path("200")
                .path("content")
                .path("application/json")
                .path("schema")
                .path("$ref")
                .asText();
    }
}
