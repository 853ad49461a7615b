package io.shopwatch.common.security.servlet;

import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Grants a request to a verified identity holding one of the roles (with {@link Role#satisfies}: admin covers
 * operator covers viewer; ingest only itself), or to a platform administrator; with {@code platformAdminOnly}, to
 * platform administrators only.
 */
final class RoleAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

    private final Set<Role> roles;
    private final boolean platformAdminOnly;

    RoleAuthorization(Set<Role> roles, boolean platformAdminOnly) {
        this.roles = Set.copyOf(roles);
        this.platformAdminOnly = platformAdminOnly;
    }

    @Override
    public AuthorizationResult authorize(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        return new AuthorizationDecision(granted(authentication.get()));
    }

    private boolean granted(Authentication authentication) {
        if (!(authentication instanceof IdentityAuthentication verified)) {
            return false;
        }
        Identity identity = verified.identity();
        if (identity.platformAdmin()) {
            return true;
        }
        return !platformAdminOnly && roles.stream().anyMatch(identity::has);
    }
}
