package io.shopwatch.gateway.auth;

import io.shopwatch.common.security.settings.TokenCheckProperties;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the gateway's authentication ({@code shopwatch.gateway.auth.*}). The token checks under the same prefix
 * ({@code jwks-url}, {@code issuer}, {@code audience}, {@code clock-skew}, {@code jwks-*}) are common's
 * {@link TokenCheckProperties}, which the services read under {@code shopwatch.security}.
 *
 * @param enabled authenticate requests at all; {@code false} lets every request through anonymously (tests only)
 * @param authUrl auth-service's base URL, for the API-key exchange and the denied-request reports
 * @param internalSecret the shared secret of auth-service's {@code /internal/**}
 * @param apiKeyTimeout timeout of one API-key exchange
 * @param apiKeyMaxCacheTtl longest time a verified key is reused, whatever auth-service allows
 * @param apiKeyNegativeTtl how long a refused key is refused without asking again
 * @param apiKeyRefreshAhead a verified key used this close to the end of its cache time is exchanged again in the
 *     background, so that requests keep being answered from the cache ({@code 0}: never; only for cache times longer
 *     than this)
 * @param apiKeyCacheSize keys (verified and refused, each) kept in memory
 * @param tokenCacheSize verified access tokens kept in memory (saves the signature check on repeated tokens)
 * @param openObserveUser Basic user sent on requests to OpenObserve's API instead of the caller's credentials
 * @param openObservePassword its password
 * @param deniedReports reporting of refused requests to auth-service's audit log
 */
@ConfigurationProperties("shopwatch.gateway.auth")
public record GatewayAuthProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("http://localhost:8081") URI authUrl,
        @DefaultValue("") String internalSecret,
        @DefaultValue("2s") Duration apiKeyTimeout,
        @DefaultValue("30s") Duration apiKeyMaxCacheTtl,
        @DefaultValue("5s") Duration apiKeyNegativeTtl,
        @DefaultValue("3s") Duration apiKeyRefreshAhead,
        @DefaultValue("10000") int apiKeyCacheSize,
        @DefaultValue("10000") int tokenCacheSize,
        @DefaultValue("") String openObserveUser,
        @DefaultValue("") String openObservePassword,
        @DefaultValue DeniedReports deniedReports) {

    /**
     * @param enabled send reports at all
     * @param queueSize reports waiting to be sent; further ones are dropped and counted
     * @param batchSize reports per call (auth-service accepts at most 500)
     * @param interval how often waiting reports are sent
     */
    public record DeniedReports(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10000") int queueSize,
            @DefaultValue("500") int batchSize,
            @DefaultValue("1s") Duration interval) {}

    @Override
    public String toString() {
        return "GatewayAuthProperties[authUrl=" + authUrl + ", internalSecret=***" + ", openObserveUser="
                + openObserveUser + ", openObservePassword=***]";
    }
}
