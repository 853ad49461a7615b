package io.shopwatch.common.security.servlet;

import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The verified caller of the current request, for controllers: {@code String org = CurrentIdentity.require(Role.OPERATOR);}
 * scopes everything that follows to the caller's org; {@code CurrentIdentity.require(Role.VIEWER, org)} checks a path
 * that names an org. Refusals are {@link ShopWatchException}s (401, 403), answered as problem+json.
 */
public final class CurrentIdentity {

    private CurrentIdentity() {}

    /** The caller; 401 when the request carries no verified token. */
    public static Identity get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof IdentityAuthentication verified) {
            return verified.identity();
        }
        throw new ShopWatchException(ProblemType.UNAUTHORIZED, "a valid access token is required");
    }

    /** The caller's org, when the caller holds {@code role} there; 403 otherwise. */
    public static String require(Role role) {
        Identity identity = get();
        if (!identity.has(role)) {
            throw forbidden();
        }
        return identity.org();
    }

    /**
     * Checks that the caller may act in {@code org} with {@code role} (its own org, or any as platform administrator);
     * 403 otherwise, the same for an org that does not exist, so that refusals reveal nothing.
     */
    public static Identity require(Role role, String org) {
        Identity identity = get();
        if (!identity.may(role, org)) {
            throw forbidden();
        }
        return identity;
    }

    /** Checks that the caller administers the whole platform; 403 otherwise. */
    public static Identity requirePlatformAdmin() {
        Identity identity = get();
        if (!identity.platformAdmin()) {
            throw forbidden();
        }
        return identity;
    }

    private static ShopWatchException forbidden() {
        return new ShopWatchException(ProblemType.FORBIDDEN, "the caller's role does not allow this request");
    }
}
