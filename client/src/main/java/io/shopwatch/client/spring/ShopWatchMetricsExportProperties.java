package io.shopwatch.client.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code shopwatch.metrics.export.*}: where and how a Spring Boot service's meters are shipped to ShopWatch.
 *
 * @param enabled false keeps the registry out even when a URL is set
 * @param url the ShopWatch gateway (or metrics-service), e.g. {@code https://shopwatch.example.com}; no registry
 *     without it
 * @param apiKey sent as {@code X-API-Key} (an API key with the ingest role)
 * @param org sent as {@code X-ShopWatch-Org}, for a key valid in several orgs
 * @param step how often the meters are sent
 * @param batchSize samples per request
 * @param connectTimeout connection timeout of the client
 * @param readTimeout request timeout of the client
 */
@ConfigurationProperties("shopwatch.metrics.export")
public record ShopWatchMetricsExportProperties(
        Boolean enabled,
        String url,
        String apiKey,
        String org,
        Duration step,
        Integer batchSize,
        Duration connectTimeout,
        Duration readTimeout) {

    public ShopWatchMetricsExportProperties {
        enabled = enabled == null || enabled;
        step = step == null ? Duration.ofSeconds(15) : step;
        batchSize = batchSize == null ? 1000 : batchSize;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
    }
}
