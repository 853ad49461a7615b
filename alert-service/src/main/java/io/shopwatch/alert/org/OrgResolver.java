package io.shopwatch.alert.org;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which organisation a request acts for. Today the {@code X-ShopWatch-Org} header (default {@code default}); once the
 * gateway forwards a verified identity, this is the one place that reads it instead.
 */
@FunctionalInterface
public interface OrgResolver {

    String org(HttpServletRequest request);
}
