package io.shopwatch.auth.user;

import java.time.Instant;

/**
 * Ends a user's sessions when their access changes. The session store implements it; users need nothing else of
 * sessions (which are built on users, not the other way round).
 */
public interface UserSessions {

    /** Why a user's sessions ended: role, binding or enabled state changed. */
    String ACCESS_CHANGED = "access_changed";

    /** Why a user's sessions ended: the password changed. */
    String PASSWORD_CHANGED = "password_changed";

    /** Ends a user's sessions in one org, or in every org when {@code org} is null; the number ended. */
    int revokeUser(long userId, String org, String reason, Instant at);
}
