package io.shopwatch.logging.shippers;

import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.servlet.IdentityAuthentication;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import io.shopwatch.logging.ingest.BatchIngestor;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What the shippers' controllers share. The org of a request whose path names one ({@code /api/{org}/...}, OpenObserve's paths): it must be the caller's own
 * (the verified token's), unless the caller administers the platform; otherwise 403. Without token checks
 * ({@code shopwatch.security.enabled=false}, a trusted single-tenant setup) the path's org is taken as it is, as the
 * {@code X-ShopWatch-Org} header would be.
 */
public final class ShipperRequests {

    /** Same rule as {@link io.shopwatch.common.event.Envelope#org()}. */
    private static final Pattern ORG = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private ShipperRequests() {}

    /** The org named by the path, once the caller may write to it. */
    public static String orgFromPath(String pathOrg) {
        if (!ORG.matcher(pathOrg).matches()) {
            throw ShopWatchException.invalid("the org in the path must be 1 to 64 letters, digits, '_' or '-'");
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof IdentityAuthentication verified) {
            Identity identity = verified.identity();
            if (!identity.platformAdmin() && !identity.org().equals(pathOrg)) {
                throw new ShopWatchException(ProblemType.FORBIDDEN, "the caller may not write to org " + pathOrg);
            }
        }
        return pathOrg;
    }

    /** The request's body as the ingestor reads it: the stream, its declared length and its encoding. */
    public static BatchIngestor.RawRequest raw(String org, HttpServletRequest request) {
        try {
            return new BatchIngestor.RawRequest(
                    org,
                    request.getInputStream(),
                    request.getContentLengthLong(),
                    request.getHeader(HttpHeaders.CONTENT_ENCODING));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
