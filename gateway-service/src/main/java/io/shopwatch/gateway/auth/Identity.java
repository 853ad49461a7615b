package io.shopwatch.gateway.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request, as established by the {@link RequestAuthenticator}. The gateway passes it to the services in the
 * informational {@link IdentityHeaders} next to the verified access token; services never see identity headers a
 * client wrote itself.
 *
 * @param subject user name, or {@code apikey:<key id>} for an API key
 * @param org the organisation the request is scoped to
 * @param roles the caller's roles ({@code admin}, {@code operator}, {@code viewer}, {@code ingest})
 * @param kind {@code user}, {@code api_key}, or empty for anonymous
 * @param platformAdmin whether the caller administers the whole platform
 */
public record Identity(String subject, String org, Set<String> roles, String kind, boolean platformAdmin) {

    /** Exchange attribute holding the identity of the current request. */
    public static final String ATTRIBUTE = Identity.class.getName();

    /** A caller without credentials. */
    public static final Identity ANONYMOUS = new Identity("anonymous", "", Set.of());

    public Identity {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(org, "org");
        roles = Set.copyOf(roles);
        kind = kind == null ? "" : kind;
    }

    public Identity(String subject, String org, Set<String> roles) {
        this(subject, org, roles, "", false);
    }

    /**
     * Whether this is the caller without credentials. Asked several times per request: the subject is compared first, so
     * that an authenticated caller's answer costs one string comparison instead of the record's generated
     * {@code equals}.
     */
    public boolean isAnonymous() {
        return this == ANONYMOUS || (ANONYMOUS.subject.equals(subject) && ANONYMOUS.equals(this));
    }
}
