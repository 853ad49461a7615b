package io.shopwatch.common.security.servlet;

import io.shopwatch.common.security.Identity;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A verified access token in Spring Security's context: authorities {@code ROLE_<role>} (and {@code PLATFORM_ADMIN}). */
public final class IdentityAuthentication extends AbstractAuthenticationToken {

    /** Authority of platform administrators. */
    public static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";

    private final Identity identity;

    public IdentityAuthentication(Identity identity) {
        super(authorities(identity));
        this.identity = identity;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(Identity identity) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        identity.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role.id())));
        if (identity.platformAdmin()) {
            authorities.add(new SimpleGrantedAuthority(PLATFORM_ADMIN));
        }
        return authorities;
    }

    public Identity identity() {
        return identity;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return identity;
    }

    @Override
    public String getName() {
        return identity.subject();
    }
}
