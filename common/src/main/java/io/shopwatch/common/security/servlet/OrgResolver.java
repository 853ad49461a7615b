package io.shopwatch.common.security.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Which organisation (tenant) a request acts for: the one place a service decides it. With token checks on
 * ({@code shopwatch.security.enabled}, the default) it is the verified access token's org, the only one the caller may
 * read or write; without them (tests, a trusted single-tenant setup) the {@link HeaderOrgResolver}. Both are declared
 * by {@link ServiceSecurityAutoConfiguration}; a service may declare its own bean instead.
 */
@FunctionalInterface
public interface OrgResolver {

    /**
     * The org of this request.
     *
     * @throws io.shopwatch.common.web.ShopWatchException when the request names an org that cannot exist (400) or the
     *     caller may not act for it (403)
     */
    String org(HttpServletRequest request);
}
