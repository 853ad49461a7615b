package io.shopwatch.common.openobserve;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how a service reaches OpenObserve (or the embedded store), under {@code shopwatch.openobserve}.
 *
 * @param enabled whether an {@link OpenObserveClient} bean is created
 * @param url base URL without {@code /api}
 * @param org organisation of every request
 * @param user Basic user (root user or service account); empty for none
 * @param password its password or token
 * @param ingestionToken an {@code o2oi_} organisation ingestion token, used instead of user/password when set
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout whole-request timeout
 * @param maxAttempts attempts per call, for 5xx answers and connection errors
 * @param initialBackoff first pause between attempts (grows exponentially, with jitter)
 * @param maxBackoff largest pause between attempts
 * @param gzipMinBytes request bodies from this size on are gzip-compressed (negative: never)
 * @param maxConcurrentRequests connections in use at once
 *     <p>Checked when the client is built (not with Bean Validation, so that services without a validation provider
 *     can use it).
 */
@ConfigurationProperties(prefix = "shopwatch.openobserve")
public record OpenObserveProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("http://localhost:5080") String url,
        @DefaultValue("default") String org,
        @DefaultValue("") String user,
        @DefaultValue("") String password,
        @DefaultValue("") String ingestionToken,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("5s") Duration maxBackoff,
        @DefaultValue("1024") int gzipMinBytes,
        @DefaultValue("64") int maxConcurrentRequests) {

    /** The client settings these properties describe. */
    public OpenObserveClientSettings toSettings() {
        OpenObserveCredentials credentials;
        if (ingestionToken != null && !ingestionToken.isBlank()) {
            credentials = OpenObserveCredentials.ingestionToken(org, ingestionToken);
        } else if (user != null && !user.isBlank()) {
            credentials = OpenObserveCredentials.basic(user, password == null ? "" : password);
        } else {
            credentials = OpenObserveCredentials.none();
        }
        return OpenObserveClientSettings.builder(url)
                .org(org)
                .credentials(credentials)
                .connectTimeout(connectTimeout)
                .requestTimeout(requestTimeout)
                .retry(new RetryPolicy(maxAttempts, initialBackoff, maxBackoff))
                .gzipMinBytes(gzipMinBytes)
                .maxConcurrentRequests(maxConcurrentRequests)
                .build();
    }

    @Override
    public String toString() {
        return "OpenObserveProperties[url=" + url + ", org=" + org + ", user=" + user
                + ", password=***, ingestionToken=" + (ingestionToken == null || ingestionToken.isEmpty() ? "" : "***")
                + "]";
    }
}
