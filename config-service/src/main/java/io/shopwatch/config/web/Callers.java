package io.shopwatch.config.web;

import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.security.servlet.IdentityAuthentication;
import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.common.web.ShopWatchException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Who calls and for which org: the verified token (common security), or the org header when checks are off. */
@Component
public class Callers {

    /** The actor recorded when token checks are off. */
    public static final String ANONYMOUS = "anonymous";

    private final OrgResolver orgs;

    public Callers(OrgResolver orgs) {
        this.orgs = orgs;
    }

    public String org(HttpServletRequest request) {
        return orgs.org(request);
    }

    /**
     * The org of the current request, when it has one: the config protocol runs inside a request; the health
     * indicator runs outside one, or inside an anonymous request to the health endpoint.
     */
    public Optional<String> currentOrg() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (!(attributes instanceof ServletRequestAttributes servlet)) {
            return Optional.empty();
        }
        try {
            return Optional.of(orgs.org(servlet.getRequest()));
        } catch (ShopWatchException e) {
            return Optional.empty();
        }
    }

    /** A header of the current request, when there is a request and it carries the header. */
    public Optional<String> currentHeader(String name) {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (!(attributes instanceof ServletRequestAttributes servlet)) {
            return Optional.empty();
        }
        return Optional.ofNullable(servlet.getRequest().getHeader(name)).filter(v -> !v.isBlank());
    }

    public Optional<Identity> identity() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof IdentityAuthentication verified) {
            return Optional.of(verified.identity());
        }
        return Optional.empty();
    }

    /** The subject of the verified token, {@value #ANONYMOUS} without one. */
    public String actor() {
        return identity().map(Identity::subject).orElse(ANONYMOUS);
    }

    /**
     * Whether the caller may speak for an instance of a service (acknowledge the releases it applied): the platform
     * credentials (the config client's when it has no token), a service's API key (the config client's {@code token}),
     * or an admin; true when token checks are off (no identity). A person with a viewer or operator token may not.
     */
    public boolean mayActForInstance() {
        return identity()
                .map(i -> i.kind() == AuthKind.PLATFORM
                        || (i.kind() == AuthKind.API_KEY && i.has(Role.VIEWER))
                        || i.has(Role.ADMIN))
                .orElse(true);
    }

    /**
     * Whether the caller is a machine reading its configuration: an API key exchanged for a token, or a platform
     * service with the platform credentials.
     */
    public boolean isService() {
        return identity()
                .map(i -> i.kind() == AuthKind.API_KEY || i.kind() == AuthKind.PLATFORM)
                .orElse(false);
    }
}
