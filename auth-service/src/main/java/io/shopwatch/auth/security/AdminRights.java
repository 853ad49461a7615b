package io.shopwatch.auth.security;

import io.shopwatch.common.security.Identity;

/**
 * Management rights as they stand now, not as the token says they stood when it was issued (the user directory
 * answers; declared here so that the security layer needs nothing of it).
 */
public interface AdminRights {

    /** Whether the caller is a platform administrator now. */
    boolean isPlatformAdmin(Identity caller);

    /** Whether the caller is an enabled administrator of the org now. */
    boolean isOrgAdmin(Identity caller, String org);
}
