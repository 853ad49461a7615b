package io.shopwatch.gateway.openapi;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.gateway.auth.RequestAuthenticator;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /v3/api-docs}: the platform's one API document, built at request time from the gateway's current route
 * definitions and the services' documents ({@link ServiceDocuments}, cached). With {@code access: authenticated} the
 * caller needs credentials the gateway accepts (a viewer or more); with {@code public}, nobody does.
 */
public final class OpenApiHandler {

    /** Where the platform's document is served. */
    public static final String PATH = "/v3/api-docs";

    private final RouteDefinitionLocator definitions;
    private final ServiceDocuments documents;
    private final OpenApiAggregator aggregator;
    private final OpenApiProperties properties;
    private final RequestAuthenticator authenticator;
    private final AtomicReference<Built> last = new AtomicReference<>();

    /** The last document built, and what it was built from (documents compared by identity: cached ones are reused). */
    private record Built(List<RouteDefinition> routes, List<ServiceDocument> inputs, String json) {
        boolean sameAs(List<RouteDefinition> routes, List<ServiceDocument> inputs) {
            if (!this.routes.equals(routes) || this.inputs.size() != inputs.size()) {
                return false;
            }
            for (int i = 0; i < inputs.size(); i++) {
                if (this.inputs.get(i) != inputs.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * @param authenticator the gateway's authenticator; {@code null} when authentication is switched off (then the
     *     document is public whatever {@code access} says, like every route)
     */
    public OpenApiHandler(
            RouteDefinitionLocator definitions,
            ServiceDocuments documents,
            OpenApiAggregator aggregator,
            OpenApiProperties properties,
            RequestAuthenticator authenticator) {
        this.definitions = definitions;
        this.documents = documents;
        this.aggregator = aggregator;
        this.properties = properties;
        this.authenticator = authenticator;
    }

    public Mono<ServerResponse> document(ServerRequest request) {
        Mono<Boolean> allowed = properties.access() == OpenApiProperties.Access.AUTHENTICATED && authenticator != null
                ? authenticator
                        .authenticate(request.exchange())
                        .map(identity -> true)
                        .defaultIfEmpty(false)
                : Mono.just(true);
        return allowed.flatMap(ok -> ok
                ? build().flatMap(json -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .cacheControl(CacheControl.noCache())
                        .bodyValue(json))
                : Mono.error(new ShopWatchException(
                        ProblemType.UNAUTHORIZED, "the API document needs a valid access token or API key")));
    }

    /** The document as JSON, built from the current routes and documents. */
    public Mono<String> build() {
        return definitions.getRouteDefinitions().collectList().flatMap(routeDefinitions -> {
            List<GatewayRoute> routes = GatewayRoute.of(routeDefinitions);
            return Flux.fromIterable(routes)
                    .concatMap(route -> document(route).map(document -> Map.entry(route.id(), document)))
                    .collectList()
                    .publishOn(Schedulers.boundedElastic())
                    .map(entries -> {
                        List<ServiceDocument> inputs = new ArrayList<>();
                        Map<String, ServiceDocument> byRoute = new LinkedHashMap<>();
                        entries.forEach(entry -> {
                            inputs.add(entry.getValue());
                            byRoute.put(entry.getKey(), entry.getValue());
                        });
                        Built built = last.get();
                        if (built != null && built.sameAs(routeDefinitions, inputs)) {
                            return built.json();
                        }
                        String json = OpenApiAggregator.json(aggregator.aggregate(routes, byRoute));
                        last.set(new Built(List.copyOf(routeDefinitions), List.copyOf(inputs), json));
                        return json;
                    });
        });
    }

    private Mono<ServiceDocument> document(GatewayRoute route) {
        URI uri = route.uri();
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            return Mono.just(new ServiceDocument.Missing("the route does not lead to an HTTP service"));
        }
        return documents.get(uri.resolve(properties.documentPath(route.id())));
    }
}
