package io.shopwatch.auth.security;

import io.shopwatch.common.security.Identity;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by an access token or API key; the principal is the {@link Identity}. */
public final class IdentityAuthentication extends AbstractAuthenticationToken {

    private final Identity identity;

    public IdentityAuthentication(Identity identity) {
        super(authorities(identity));
        this.identity = identity;
        setAuthenticated(true);
    }

    @Override
    public Identity getPrincipal() {
        return identity;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return identity.subject();
    }

    private static List<GrantedAuthority> authorities(Identity identity) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        identity.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role.id())));
        if (identity.platformAdmin()) {
            authorities.add(new SimpleGrantedAuthority(SecurityConfiguration.PLATFORM_ADMIN));
        }
        return authorities;
    }
}
