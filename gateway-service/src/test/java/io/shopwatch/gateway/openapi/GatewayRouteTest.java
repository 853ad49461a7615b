package io.shopwatch.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

/** How a route's predicates and path filters map a service's paths to the gateway's. */
class GatewayRouteTest {

    @Test
    void publicPath_ofARouteWithoutPathFilters_isTheServicePath_whenAPatternMatches() {
        GatewayRoute route = route("logging", "Path=/api/v1/logs/**,/api/v1/events/**");

        assertThat(route.publicPath("/api/v1/logs/search")).hasValue("/api/v1/logs/search");
        assertThat(route.publicPath("/api/v1/logs")).hasValue("/api/v1/logs");
        assertThat(route.publicPath("/internal/v1/thing")).isEmpty();
    }

    @Test
    void publicPath_ofSetPath_isTheLiteralPattern() {
        GatewayRoute route = route("health-store", "Path=/health/store", "Method=GET,HEAD");
        route = new GatewayRoute(
                route.id(),
                route.uri(),
                0,
                route.patterns(),
                route.methods(),
                List.of(new GatewayRoute.SetPath("/healthz")));

        assertThat(route.publicPath("/healthz")).hasValue("/health/store");
        assertThat(route.publicPath("/api/default/_search")).isEmpty();
        assertThat(route.matches("GET", "/health/store")).isTrue();
        assertThat(route.matches("POST", "/health/store")).isFalse();
    }

    @Test
    void publicPath_throughStripPrefix_PrefixPath_andRewritePath() {
        GatewayRoute strip = new GatewayRoute(
                "s",
                URI.create("http://s"),
                0,
                List.of("/legacy/**"),
                Set.of(),
                List.of(new GatewayRoute.StripPrefix(1)));
        GatewayRoute prefix = new GatewayRoute(
                "p",
                URI.create("http://p"),
                0,
                List.of("/v9/**"),
                Set.of(),
                List.of(new GatewayRoute.PrefixPath("/svc")));
        GatewayRoute rewrite = new GatewayRoute(
                "r",
                URI.create("http://r"),
                0,
                List.of("/shop/**"),
                Set.of(),
                List.of(new GatewayRoute.RewritePath("/shop/(?<rest>.*)", "/api/${rest}")));

        assertThat(strip.publicPath("/api/x")).hasValue("/legacy/api/x");
        assertThat(prefix.publicPath("/svc/v9/items")).hasValue("/v9/items");
        assertThat(prefix.publicPath("/other/v9/items")).isEmpty();
        assertThat(rewrite.servicePath("/shop/items")).isEqualTo("/api/items");
        assertThat(rewrite.publicPath("/api/items")).hasValue("/shop/items");
        assertThat(rewrite.publicPath("/other/items"))
                .as("nothing maps back to it")
                .isEmpty();
    }

    @Test
    void of_readsTheDefinitionsOrder() {
        RouteDefinition late = definition("openobserve", "Path=/api/{org}/**");
        late.setOrder(10);
        RouteDefinition early = definition("logging", "Path=/api/v1/logs/**");

        assertThat(GatewayRoute.of(List.of(late, early)))
                .extracting(GatewayRoute::id)
                .containsExactly("logging", "openobserve");
    }

    @Test
    void matchesPath_treatsADocumentsVariableAsASegment() {
        GatewayRoute route = route("openobserve", "Path=/api/{org:(?!v\\d+$).+}/**");

        assertThat(route.matchesPath("/api/{org}/_search")).isTrue();
        assertThat(route.matchesPath("/api/v1/logs")).isFalse();
    }

    private static GatewayRoute route(String id, String... predicates) {
        return GatewayRoute.of(definition(id, predicates));
    }

    private static RouteDefinition definition(String id, String... predicates) {
        RouteDefinition definition = new RouteDefinition();
        definition.setId(id);
        definition.setUri(URI.create("http://" + id + ":8080"));
        for (String predicate : predicates) {
            definition.getPredicates().add(new PredicateDefinition(predicate));
        }
        return definition;
    }
}
