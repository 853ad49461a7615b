package io.shopwatch.common.tracing;

import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.shopwatch.common.openobserve.OpenObserveCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpHttpSpanExporterBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * The platform traces itself: with {@code shopwatch.platform-tracing.enabled=true} a service's spans (Micrometer
 * Tracing's OpenTelemetry bridge, sampled at {@code management.tracing.sampling.probability}) go over OTLP/HTTP to
 * tracing-service, {@code <url>/api/<org>/v1/traces}, with the platform credentials ({@code shopwatch.openobserve.user}
 * and {@code password}, as HTTP Basic), which tracing-service takes as ingest into that org alone. Boot's own OTLP
 * exporter does the sending; this only names its URL and adds the credentials, and keeps span ingestion and the
 * actuator out of the traces ({@link UntracedRequests}). The exporter's own HTTP calls (the JDK's HttpClient) are not
 * instrumented, so exporting makes no spans either.
 */
@AutoConfiguration(
        beforeName =
                "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration")
@ConditionalOnClass({OtlpHttpSpanExporter.class, SdkTracerProvider.class, OtlpTracingConnectionDetails.class})
@ConditionalOnProperty(prefix = "shopwatch.platform-tracing", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(PlatformTraceExportProperties.class)
public class PlatformTraceExportAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PlatformTraceExportAutoConfiguration.class);

    /** tracing-service's OTLP/HTTP URL for the platform org (Boot's exporter is made when this bean exists). */
    @Bean
    OtlpTracingConnectionDetails shopwatchPlatformTraceExportConnection(PlatformTraceExportProperties properties) {
        String url = properties.tracesUrl();
        log.info("exporting this service's spans to {}", url);
        return transport -> {
            if (transport != Transport.HTTP) {
                throw new IllegalStateException("the platform's spans are exported over OTLP/HTTP only");
            }
            return url;
        };
    }

    /** The platform credentials as HTTP Basic on every export. */
    @Bean
    OtlpHttpSpanExporterBuilderCustomizer shopwatchPlatformTraceCredentials(Environment environment) {
        String user = environment.getProperty("shopwatch.openobserve.user", "");
        String password = environment.getProperty("shopwatch.openobserve.password", "");
        if (user.isBlank() || password.isBlank()) {
            log.warn("no platform credentials (shopwatch.openobserve.user/password): spans are exported without them");
            return builder -> {};
        }
        String header = OpenObserveCredentials.basic(user, password).authorizationHeader();
        return builder -> builder.addHeader("Authorization", header);
    }

    @Bean
    UntracedRequests shopwatchUntracedRequests(
            PlatformTraceExportProperties properties, ObjectProvider<ObservationRegistry> registry) {
        // resolved once: a bean lookup on every security observation cost ~0.1 ms per request on the ingest path
        return new UntracedRequests(properties.untracedPaths(), SingletonSupplier.of(registry::getIfAvailable));
    }
}
