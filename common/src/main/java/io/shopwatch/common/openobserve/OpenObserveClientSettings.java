package io.shopwatch.common.openobserve;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything an {@link OpenObserveClient} needs to know.
 *
 * @param baseUrl e.g. {@code http://localhost:5080} (no {@code /api})
 * @param org the organisation of every request ({@code default} in a fresh OpenObserve)
 * @param credentials Basic user/password, an ingestion token, or none
 * @param connectTimeout how long to wait for a TCP connection
 * @param requestTimeout how long to wait for a whole answer
 * @param retry which failures are retried, how often and how far apart
 * @param gzipMinBytes request bodies of at least this many bytes are sent gzip-compressed; 0 compresses all, a negative
 *     value none
 * @param maxConcurrentRequests requests in flight at once (the connection pool's size); callers beyond it wait
 */
public record OpenObserveClientSettings(
        URI baseUrl,
        String org,
        OpenObserveCredentials credentials,
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retry,
        int gzipMinBytes,
        int maxConcurrentRequests) {

    public OpenObserveClientSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String url = baseUrl.toString();
        if (url.endsWith("/")) {
            baseUrl = URI.create(url.substring(0, url.length() - 1));
        }
        if (org == null || org.isBlank()) {
            throw new IllegalArgumentException("org must not be blank");
        }
        credentials = credentials == null ? OpenObserveCredentials.none() : credentials;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        retry = retry == null ? RetryPolicy.defaults() : retry;
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("maxConcurrentRequests must be at least 1");
        }
    }

    /** Settings with the defaults: org {@code default}, no credentials, 5 s / 30 s timeouts, 3 attempts, gzip ≥ 1 KiB. */
    public static Builder builder(String baseUrl) {
        return new Builder(URI.create(baseUrl));
    }

    /** The same settings for another organisation. */
    public OpenObserveClientSettings withOrg(String otherOrg) {
        return new OpenObserveClientSettings(
                baseUrl,
                otherOrg,
                credentials,
                connectTimeout,
                requestTimeout,
                retry,
                gzipMinBytes,
                maxConcurrentRequests);
    }

    /** Builder of {@link OpenObserveClientSettings}. */
    public static final class Builder {
        private final URI baseUrl;
        private String org = "default";
        private OpenObserveCredentials credentials = OpenObserveCredentials.none();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private RetryPolicy retry = RetryPolicy.defaults();
        private int gzipMinBytes = 1024;
        private int maxConcurrentRequests = 64;

        private Builder(URI baseUrl) {
            this.baseUrl = baseUrl;
        }

        public Builder org(String org) {
            this.org = org;
            return this;
        }

        public Builder basicAuth(String user, String password) {
            this.credentials = OpenObserveCredentials.basic(user, password);
            return this;
        }

        public Builder credentials(OpenObserveCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        public Builder gzipMinBytes(int bytes) {
            this.gzipMinBytes = bytes;
            return this;
        }

        public Builder maxConcurrentRequests(int max) {
            this.maxConcurrentRequests = max;
            return this;
        }

        public OpenObserveClientSettings build() {
            return new OpenObserveClientSettings(
                    baseUrl,
                    org,
                    credentials,
                    connectTimeout,
                    requestTimeout,
                    retry,
                    gzipMinBytes,
                    maxConcurrentRequests);
        }
    }
}
