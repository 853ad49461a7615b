package io.shopwatch.store.web;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.shopwatch.common.tracing.UntracedRequests;
import io.shopwatch.store.config.StoreProperties;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The HTTP edge: request decompression, the root user's Basic auth on the OpenObserve API, and no spans for writes
 * into the platform org.
 */
@Configuration(proxyBeanMethods = false)
public class StoreWebConfiguration implements WebMvcConfigurer {

    private final StoreProperties properties;

    public StoreWebConfiguration(StoreProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RootUserAuthInterceptor(
                        properties.rootUserEmail(), properties.rootUserPassword(), properties.rootUserToken()))
                .addPathPatterns("/api/**");
    }

    /**
     * Writes into the platform org make no span: the store's own spans are stored there (exported to tracing-service,
     * through Kafka and the pipeline, back into this store), so a span of storing them would be exported and stored
     * again, without end. Every other request, reads of the platform org included, may be traced.
     */
    @Bean
    ObservationPredicate platformOrgWritesUntraced(ObjectProvider<ObservationRegistry> registry) {
        return new UntracedRequests(platformIngestPaths(properties.platformOrg()), registry::getIfAvailable);
    }

    /** The ingestion routes of one org (OpenObserve's {@code _json}, {@code _multi}, metrics and OTLP). */
    static List<String> platformIngestPaths(String org) {
        String base = "/api/" + org;
        return List.of(
                base + "/*/_json",
                base + "/*/_multi",
                base + "/ingest/**",
                base + "/v1/**",
                base + "/traces",
                base + "/otel/**");
    }

    @Bean
    FilterRegistrationBean<RequestDecompressionFilter> requestDecompressionFilter() {
        FilterRegistrationBean<RequestDecompressionFilter> registration =
                new FilterRegistrationBean<>(new RequestDecompressionFilter(properties.payloadLimit()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
