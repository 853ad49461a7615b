package io.shopwatch.common.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, as proven by a verified access token: one subject acting in one organisation with its roles there.
 *
 * @param subject the user name, or {@code apikey:<key id>} for an API key
 * @param org the organisation every request made with this identity is scoped to
 * @param roles the roles held in {@code org}
 * @param kind user or API key
 * @param platformAdmin whether the subject administers the whole platform (may create organisations and manage any)
 * @param tokenId the {@code jti} of the token, for audit
 * @param expiresAt when the token stops being accepted
 */
public record Identity(
        String subject,
        String org,
        Set<Role> roles,
        AuthKind kind,
        boolean platformAdmin,
        String tokenId,
        Instant expiresAt) {

    public Identity {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(kind, "kind");
        roles = Set.copyOf(roles);
    }

    /** Whether one of the roles is enough for an action that needs {@code required} in this identity's own org. */
    public boolean has(Role required) {
        return roles.stream().anyMatch(role -> role.satisfies(required));
    }

    /** Whether this identity may act in {@code otherOrg} with {@code required}: its own org, or any as platform admin. */
    public boolean may(Role required, String otherOrg) {
        return platformAdmin || (org.equals(otherOrg) && has(required));
    }
}
