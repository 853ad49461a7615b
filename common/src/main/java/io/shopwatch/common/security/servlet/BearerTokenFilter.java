package io.shopwatch.common.security.servlet;

import io.shopwatch.common.security.AccessTokenVerifier;
import io.shopwatch.common.security.IdentityHeaders;
import io.shopwatch.common.security.TokenRejectedException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Verifies {@code Authorization: Bearer <access token>} and puts the {@link IdentityAuthentication} into the security
 * context. A token that does not verify leaves the request anonymous, with the reason in the request attribute
 * {@link #REJECTION}; a protected endpoint then answers 401. Nothing else (no {@code X-ShopWatch-*} header, no API key)
 * is believed.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {

    /** Request attribute with the {@link TokenRejectedException.Reason} of a refused token. */
    public static final String REJECTION = BearerTokenFilter.class.getName() + ".rejection";

    private final AccessTokenVerifier verifier;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    public BearerTokenFilter(AccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = IdentityHeaders.bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token != null) {
            try {
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(new IdentityAuthentication(verifier.verify(token)));
                contexts.setContext(context);
            } catch (TokenRejectedException e) {
                request.setAttribute(REJECTION, e.reason());
            }
        }
        chain.doFilter(request, response);
    }
}
