package io.shopwatch.auth.security;

import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import org.springframework.stereotype.Component;

/**
 * Who may manage what. The token says who the caller is and what they held when it was issued; for people, the
 * management rights are checked again against the database, so that a disabled or demoted administrator loses them at
 * once rather than when the token expires. A refusal is a 403 problem and a {@code request.denied} audit event; an
 * org that does not exist is refused the same way as another org's, so that refusals do not reveal which orgs exist.
 */
@Component
public class AccessPolicy {

    private final AdminRights rights;
    private final RefusalLog refusals;

    public AccessPolicy(AdminRights rights, RefusalLog refusals) {
        this.rights = rights;
        this.refusals = refusals;
    }

    /** Platform administrators only: create orgs, rotate keys, read every org's audit events. */
    public void requirePlatformAdmin(Identity caller) {
        if (!isPlatformAdmin(caller)) {
            throw deny(caller, null, "platform_admin_required", "only platform administrators may do this");
        }
    }

    /** The org's administrators, and platform administrators. */
    public void requireOrgAdmin(Identity caller, String org) {
        if (isPlatformAdmin(caller)) {
            return;
        }
        if (!caller.org().equals(org)) {
            throw deny(caller, org, "other_org", "access to org '" + org + "' is not allowed");
        }
        if (!caller.has(Role.ADMIN) || !rights.isOrgAdmin(caller, org)) {
            throw deny(caller, org, "role", "only administrators of org '" + org + "' may do this");
        }
    }

    /** Whether the caller is a platform administrator now. */
    public boolean isPlatformAdmin(Identity caller) {
        return rights.isPlatformAdmin(caller);
    }

    /**
     * The org whose audit events the caller may read: the requested one, or every org ({@code null}) for a platform
     * administrator who asked for none; the caller's own org for an org administrator.
     */
    public String auditScope(Identity caller, String requestedOrg) {
        if (isPlatformAdmin(caller)) {
            return requestedOrg == null || requestedOrg.isBlank() ? null : requestedOrg;
        }
        String org = requestedOrg == null || requestedOrg.isBlank() ? caller.org() : requestedOrg;
        requireOrgAdmin(caller, org);
        return org;
    }

    /** Records the refusal and returns the exception to throw. */
    public ShopWatchException deny(Identity caller, String org, String reason, String message) {
        refusals.refused(Clients.currentRequest(), caller, org, 403, reason);
        return new ShopWatchException(ProblemType.FORBIDDEN, message);
    }
}
