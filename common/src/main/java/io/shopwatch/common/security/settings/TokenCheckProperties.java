package io.shopwatch.common.security.settings;

import io.shopwatch.common.security.AccessTokenVerifier;
import io.shopwatch.common.security.RemoteJwks;
import io.shopwatch.common.security.VerificationKeys;
import io.shopwatch.common.security.metrics.JwksFetchMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * How a component checks access tokens: where auth-service's JWK set is, how often it is fetched, and what a token
 * must say. The services read it under {@code shopwatch.security}, the gateway under {@code shopwatch.gateway.auth}:
 * the same keys under each prefix ({@code jwks-url}, {@code issuer}, {@code audience}, {@code clock-skew},
 * {@code jwks-refresh-interval}, {@code jwks-min-refetch-interval}, {@code jwks-timeout}), so the same environment
 * variables as ever ({@code SHOPWATCH_SECURITY_JWKS_URL}, {@code SHOPWATCH_GATEWAY_AUTH_JWKS_URL}, ...).
 *
 * @param jwksUrl auth-service's JWK set
 * @param issuer the expected {@code iss}
 * @param audience the expected {@code aud}
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 * @param jwksRefreshInterval how often the key set is fetched again
 * @param jwksMinRefetchInterval the shortest interval between two fetches (an unknown {@code kid} triggers one)
 * @param jwksTimeout timeout of one key-set fetch
 */
public record TokenCheckProperties(
        @DefaultValue("http://localhost:8081/.well-known/jwks.json")
        URI jwksUrl,

        @DefaultValue("shopwatch-auth") String issuer,
        @DefaultValue("shopwatch") String audience,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("5m") Duration jwksRefreshInterval,
        @DefaultValue("10s") Duration jwksMinRefetchInterval,
        @DefaultValue("2s") Duration jwksTimeout) {

    /** The settings under {@code prefix} (such as {@code shopwatch.security}), defaults for what is not set. */
    public static TokenCheckProperties bind(Environment environment, String prefix) {
        return Binder.get(environment).bindOrCreate(prefix, TokenCheckProperties.class);
    }

    /** auth-service's key set, fetched and refreshed as these settings say. */
    public RemoteJwks remoteJwks(JwksFetchMetrics metrics, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(jwksTimeout).build();
        return new RemoteJwks(jwksUrl, http, jwksRefreshInterval, jwksMinRefetchInterval, jwksTimeout, clock, metrics);
    }

    /** Checks tokens signed by one of the keys for the expected issuer and audience. */
    public AccessTokenVerifier verifier(VerificationKeys keys, Clock clock) {
        return new AccessTokenVerifier(keys, issuer, audience, clockSkew, clock);
    }
}
