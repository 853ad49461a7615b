package io.shopwatch.logging.ingest;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Turns an HTTP ingestion request into a {@link BatchIngestor.Request}: org, body layout, answer detail. */
public final class HttpIngestRequests {

    /** NDJSON: one JSON record per line. */
    public static final String NDJSON = "application/x-ndjson";

    private static final MediaType NDJSON_TYPE = MediaType.parseMediaType(NDJSON);

    private HttpIngestRequests() {}

    /**
     * @param results {@code rejected} (default: the answer lists rejected records only) or {@code all}
     */
    public static BatchIngestor.Request from(HttpServletRequest request, OrgResolver orgs, String results) {
        boolean all =
                switch (results == null ? "rejected" : results.strip().toLowerCase(Locale.ROOT)) {
                    case "", "rejected" -> false;
                    case "all" -> true;
                    default -> throw ShopWatchException.invalid("results must be 'rejected' or 'all'");
                };
        String org = orgs.org(request);
        BatchParser.Format format =
                isNdjson(request.getContentType()) ? BatchParser.Format.NDJSON : BatchParser.Format.JSON;
        try {
            return new BatchIngestor.Request(
                    org,
                    format,
                    request.getInputStream(),
                    request.getContentLengthLong(),
                    request.getHeader(HttpHeaders.CONTENT_ENCODING),
                    all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isNdjson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return NDJSON_TYPE.isCompatibleWith(MediaType.parseMediaType(contentType));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
