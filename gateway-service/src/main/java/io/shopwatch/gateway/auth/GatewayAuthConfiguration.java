package io.shopwatch.gateway.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.security.AccessTokenVerifier;
import io.shopwatch.common.security.RemoteJwks;
import io.shopwatch.common.security.metrics.JwksFetchMetrics;
import io.shopwatch.common.security.settings.TokenCheckProperties;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Authentication of every routed request (on unless {@code shopwatch.gateway.auth.enabled=false}): the
 * {@link TokenRequestAuthenticator} with its JWK set, API-key exchange and denied-request reporter.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayAuthProperties.class)
@ConditionalOnProperty(prefix = "shopwatch.gateway.auth", name = "enabled", matchIfMissing = true)
class GatewayAuthConfiguration {

    /** The token checks, under the same {@code shopwatch.gateway.auth} prefix. */
    @Bean
    TokenCheckProperties gatewayTokenChecks(Environment environment) {
        return TokenCheckProperties.bind(environment, "shopwatch.gateway.auth");
    }

    @Bean
    RemoteJwks gatewayJwks(TokenCheckProperties tokenChecks, MeterRegistry meters) {
        return tokenChecks.remoteJwks(new JwksFetchMetrics(meters), Clock.systemUTC());
    }

    @Bean
    AccessTokenVerifier gatewayTokenVerifier(TokenCheckProperties tokenChecks, RemoteJwks jwks) {
        return tokenChecks.verifier(jwks, Clock.systemUTC());
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
