package io.shopwatch.gateway.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.security.AccessTokenVerifier;
import io.shopwatch.common.security.RemoteJwks;
import io.shopwatch.common.security.metrics.JwksFetchMetrics;
import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Authentication of every routed request (on unless {@code shopwatch.gateway.auth.enabled=false}): the
 * {@link TokenRequestAuthenticator} with its JWK set, API-key exchange and denied-request reporter.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayAuthProperties.class)
@ConditionalOnProperty(prefix = "shopwatch.gateway.auth", name = "enabled", matchIfMissing = true)
class GatewayAuthConfiguration {

    @Bean
    RemoteJwks gatewayJwks(GatewayAuthProperties properties, MeterRegistry meters) {
        return new RemoteJwks(
                properties.jwksUrl(),
                HttpClient.newBuilder().connectTimeout(properties.jwksTimeout()).build(),
                properties.jwksRefreshInterval(),
                properties.jwksMinRefetchInterval(),
                properties.jwksTimeout(),
                Clock.systemUTC(),
                new JwksFetchMetrics(meters));
    }

    @Bean
    AccessTokenVerifier gatewayTokenVerifier(GatewayAuthProperties properties, RemoteJwks jwks) {
        return new AccessTokenVerifier(
                jwks, properties.issuer(), properties.audience(), properties.clockSkew(), Clock.systemUTC());
    }

    @Bean
    ApiKeyExchange apiKeyExchange(
            AccessTokenVerifier verifier, GatewayAuthProperties properties, MeterRegistry meters) {
        return new ApiKeyExchange(WebClient.builder(), verifier, properties, meters);
    }

    @Bean
    DeniedRequestReporter deniedRequestReporter(GatewayAuthProperties properties, MeterRegistry meters) {
        return new DeniedRequestReporter(WebClient.builder(), properties, meters);
    }

    @Bean
    RequestAuthenticator tokenRequestAuthenticator(
            AccessTokenVerifier verifier,
            ApiKeyExchange apiKeys,
            DeniedRequestReporter reporter,
            GatewayAuthProperties properties) {
        return new TokenRequestAuthenticator(
                verifier, apiKeys, reporter, new RouteAccessPolicy(), properties, Clock.systemUTC());
    }
}
