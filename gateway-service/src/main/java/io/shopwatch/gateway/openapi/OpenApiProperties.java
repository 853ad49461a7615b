package io.shopwatch.gateway.openapi;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the gateway's one API document ({@code shopwatch.gateway.openapi.*}).
 *
 * @param enabled serve the aggregated document at {@code /v3/api-docs} at all
 * @param access who may read it: {@link Access#PUBLIC} (the default) or {@link Access#AUTHENTICATED}
 * @param documentPath where each service serves its own document
 * @param documentPaths the document path of particular routes' services, by route id (e.g. OpenObserve itself)
 * @param fetchTimeout how long one service's document may take
 * @param cacheTtl how long a fetched document is reused
 * @param missingTtl how long a service that did not answer is left out before it is asked again
 * @param maxDocumentSize the largest document read from a service
 * @param title the document's title
 * @param version the document's version
 */
@ConfigurationProperties("shopwatch.gateway.openapi")
public record OpenApiProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("public") Access access,
        @DefaultValue("/v3/api-docs") String documentPath,
        @DefaultValue Map<String, String> documentPaths,
        @DefaultValue("2s") Duration fetchTimeout,
        @DefaultValue("30s") Duration cacheTtl,
        @DefaultValue("5s") Duration missingTtl,
        @DefaultValue("4MB") DataSize maxDocumentSize,
        @DefaultValue("ShopWatch API") String title,
        @DefaultValue("v1") String version) {

    /** Who may read the document. */
    public enum Access {
        /** Anyone: the document lists paths and shapes, never data; every operation still needs its credentials. */
        PUBLIC,
        /** A caller with a valid access token or API key of a viewer or more (401 without, 403 for ingest-only keys). */
        AUTHENTICATED
    }

    public OpenApiProperties {
        documentPaths = documentPaths == null ? Map.of() : Map.copyOf(documentPaths);
    }

    /** The path of the document of the service behind {@code routeId}. */
    public String documentPath(String routeId) {
        return documentPaths.getOrDefault(routeId, documentPath);
    }
}
