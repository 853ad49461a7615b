package io.shopwatch.client.micrometer;

import io.micrometer.core.instrument.push.PushRegistryConfig;

/**
 * Settings of a {@link ShopWatchMeterRegistry}, read through {@link #get} under the prefix {@code shopwatch}
 * ({@code shopwatch.url}, {@code shopwatch.apiKey}, {@code shopwatch.org}, {@code shopwatch.step}, ...), as every
 * Micrometer push registry does; {@link #url()} is the only one without a default.
 */
public interface ShopWatchRegistryConfig extends PushRegistryConfig {

    @Override
    default String prefix() {
        return "shopwatch";
    }

    /** The ShopWatch gateway (or metrics-service itself), e.g. {@code http://localhost:8080}. */
    default String url() {
        String url = get(prefix() + ".url");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(prefix() + ".url is not set");
        }
        return url;
    }

    /** Sent as {@code X-API-Key}; none by default. */
    default String apiKey() {
        return get(prefix() + ".apiKey");
    }

    /** Sent as {@code X-ShopWatch-Org}; none by default. */
    default String org() {
        return get(prefix() + ".org");
    }
}
