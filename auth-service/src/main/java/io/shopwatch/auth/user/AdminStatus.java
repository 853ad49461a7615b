package io.shopwatch.auth.user;

import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import org.springframework.stereotype.Component;

/**
 * Whether a person holds management rights now, as the database says: a token says what its holder held when it was
 * issued, so that a disabled or demoted administrator would otherwise keep the rights until it expires. API keys
 * never hold them.
 */
@Component
public class AdminStatus {

    private final UserRepository users;

    public AdminStatus(UserRepository users) {
        this.users = users;
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

    /** Whether the caller is an enabled administrator of the org now. */
    public boolean isOrgAdmin(Identity caller, String org) {
        if (caller.kind() != AuthKind.USER) {
            return false;
        }
        return users.binding(org, caller.subject())
                .filter(b -> !b.disabled() && b.role() == Role.ADMIN)
                .isPresent();
    }
}
