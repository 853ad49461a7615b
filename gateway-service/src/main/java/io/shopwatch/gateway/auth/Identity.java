package io.shopwatch.gateway.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request, as established by the {@link RequestAuthenticator}. The gateway passes it to the services in the
 * trusted {@link IdentityHeaders}; services never see identity headers a client wrote itself.
 *
 * @param subject user id or API key id
 * @param org the organisation the request is scoped to
 * @param roles the caller's roles ({@code admin}, {@code operator}, {@code viewer}, {@code ingest})
 */
public record Identity(String subject, String org, Set<String> roles) {

    /** Exchange attribute holding the identity of the current request. */
    public static final String ATTRIBUTE = Identity.class.getName();

    /** A caller without credentials. */
    public static final Identity ANONYMOUS = new Identity("anonymous", "", Set.of());

    public Identity {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(org, "org");
        roles = Set.copyOf(roles);
    }

    public boolean isAnonymous() {
        return ANONYMOUS.equals(this);
    }
}
