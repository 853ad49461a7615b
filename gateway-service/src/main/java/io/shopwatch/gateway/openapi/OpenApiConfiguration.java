package io.shopwatch.gateway.openapi;

import com.github.benmanes.caffeine.cache.Ticker;
import io.shopwatch.gateway.auth.RequestAuthenticator;
import io.shopwatch.gateway.auth.RouteAccessPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The platform's one API document at {@code /v3/api-docs} (on unless {@code shopwatch.gateway.openapi.enabled=false});
 * Swagger UI at {@code /swagger-ui.html} shows it (springdoc, configured in application.yml).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpenApiProperties.class)
@ConditionalOnProperty(prefix = "shopwatch.gateway.openapi", name = "enabled", matchIfMissing = true)
class OpenApiConfiguration {

    @Bean
    ServiceDocuments serviceDocuments(OpenApiProperties properties) {
        return new ServiceDocuments(WebClient.builder(), properties, Ticker.systemTicker());
    }

    @Bean
    OpenApiHandler openApiHandler(
            RouteDefinitionLocator definitions,
            ServiceDocuments documents,
            OpenApiProperties properties,
            ObjectProvider<RequestAuthenticator> authenticator) {
        return new OpenApiHandler(
                definitions,
                documents,
                new OpenApiAggregator(new RouteAccessPolicy(), properties.title(), properties.version()),
                properties,
                authenticator.getIfAvailable());
    }

    @Bean
    RouterFunction<ServerResponse> openApiRoute(OpenApiHandler handler) {
        return RouterFunctions.route(RequestPredicates.GET(OpenApiHandler.PATH), handler::document);
    }
}
