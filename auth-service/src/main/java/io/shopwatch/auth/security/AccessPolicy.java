package io.shopwatch.auth.security;

import io.shopwatch.auth.audit.AuditAction;
import io.shopwatch.auth.audit.AuditEvent;
import io.shopwatch.auth.audit.AuditLog;
import io.shopwatch.auth.audit.Outcome;
import io.shopwatch.auth.user.Binding;
import io.shopwatch.auth.user.UserRecord;
import io.shopwatch.auth.user.UserRepository;
import io.shopwatch.auth.web.RequestInfo;
import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who may manage what. The token says who the caller is and what they held when it was issued; for people, the
 * management rights are checked again against the database, so that a disabled or demoted administrator loses them at
 * once rather than when the token expires. A refusal is a 403 problem and a {@code request.denied} audit event; an
 * org that does not exist is refused the same way as another org's, so that refusals do not reveal which orgs exist.
 */
@Component
public class AccessPolicy {

    private final UserRepository users;
    private final AuditLog audit;

    public AccessPolicy(UserRepository users, AuditLog audit) {
        this.users = users;
        this.audit = audit;
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
        if (!caller.has(Role.ADMIN) || !stillAdmin(caller, org)) {
            throw deny(caller, org, "role", "only administrators of org '" + org + "' may do this");
        }
    }

    /** Whether the caller is a platform administrator now. */
    public boolean isPlatformAdmin(Identity caller) {
        if (!caller.platformAdmin() || caller.kind() != AuthKind.USER) {
            return false;
        }
        return users.findByUsername(caller.subject())
                .map(UserRecord::platformAdmin)
                .orElse(false);
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

    private boolean stillAdmin(Identity caller, String org) {
        if (caller.kind() != AuthKind.USER) {
            return false;
        }
        Optional<Binding> binding = users.binding(org, caller.subject());
        return binding.filter(b -> !b.disabled() && b.role() == Role.ADMIN).isPresent();
    }

    /** Records the refusal and returns the exception to throw. */
    public ShopWatchException deny(Identity caller, String org, String reason, String message) {
        audit.record(AuditEvent.of(AuditAction.REQUEST_DENIED, Outcome.DENIED)
                .org(org)
                .by(caller)
                .request(RequestInfo.current())
                .target(RequestInfo.current().path())
                .detail("source", "auth-service")
                .detail("status", 403)
                .detail("reason", reason)
                .build());
        return new ShopWatchException(ProblemType.FORBIDDEN, message);
    }
}
