package io.shopwatch.logging.ingest;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which organisation (tenant) an ingestion request writes for. This is the one place that decides it: the default
 * reads a header; the security work replaces it with a bean that takes the org from the authenticated caller.
 */
@FunctionalInterface
public interface OrgResolver {

    /**
     * The org of this request.
     *
     * @throws io.shopwatch.common.web.ShopWatchException when the request names an org that cannot exist (400) or the
     *     caller may not write to it (403)
     */
    String resolve(HttpServletRequest request);
}
