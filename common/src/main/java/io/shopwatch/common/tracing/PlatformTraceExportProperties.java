package io.shopwatch.common.tracing;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a ShopWatch service sends its own spans ({@code shopwatch.platform-tracing.*}).
 *
 * @param enabled export the service's spans over OTLP/HTTP (off unless configured: tests and single services export
 *     nothing)
 * @param url tracing-service's base URL; spans go to {@code <url>/api/<org>/v1/traces}
 * @param org the platform org the spans are stored in (tracing-service takes the platform credentials for this org
 *     alone: its {@code shopwatch.security.platform-ingest-org})
 * @param untracedPaths request paths that make no span at all (path patterns): span ingestion, so that
 *     tracing-service does not trace the spans it is sent, and the actuator's health checks and scrapes
 */
@ConfigurationProperties("shopwatch.platform-tracing")
public record PlatformTraceExportProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("http://localhost:8085") String url,

        @DefaultValue(PlatformTraceExportProperties.DEFAULT_ORG)
        String org,

        @DefaultValue({"/v1/traces", "/api/*/v1/traces", "/api/v2/spans", "/actuator/**"})
        List<String> untracedPaths) {

    /** The platform's org, where the services' own spans are stored unless configured otherwise. */
    public static final String DEFAULT_ORG = "shopwatch-platform";

    public PlatformTraceExportProperties {
        untracedPaths = untracedPaths == null ? List.of() : List.copyOf(untracedPaths);
    }

    /** The OTLP/HTTP traces URL the exporter posts to. */
    public String tracesUrl() {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return base + "/api/" + org + "/v1/traces";
    }
}
