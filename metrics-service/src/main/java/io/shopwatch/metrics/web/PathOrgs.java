package io.shopwatch.metrics.web;

import io.shopwatch.common.security.Role;
import io.shopwatch.common.security.servlet.CurrentIdentity;
import io.shopwatch.common.web.ShopWatchException;

/**
 * The org of an OpenObserve-style path ({@code /api/{org}/prometheus/...}): with token checks on, the caller must hold
 * {@code role} in that org (or be a platform administrator), else 403; without them the path's org is taken as is.
 */
public final class PathOrgs {

    private final boolean tokenChecks;

    public PathOrgs(boolean tokenChecks) {
        this.tokenChecks = tokenChecks;
    }

    public String require(String org, Role role) {
        if (org == null || !org.matches("[a-zA-Z0-9_-]{1,64}")) {
            throw ShopWatchException.invalid("the org in the path must be 1 to 64 letters, digits, '_' or '-'");
        }
        if (tokenChecks) {
            CurrentIdentity.require(role, org);
        }
        return org;
    }
}
