package io.shopwatch.auth.security;

import io.shopwatch.common.security.IdentityHeaders;
import io.shopwatch.common.security.InternalSecret;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the gateway on {@code /internal/**} by the shared secret in {@code X-ShopWatch-Internal-Secret}
 * ({@code SHOPWATCH_INTERNAL_SECRET}). Nothing else is accepted there: not user tokens, not API keys.
 */
final class InternalSecretFilter extends OncePerRequestFilter {

    private final String secret;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    InternalSecretFilter(String secret) {
        this.secret = secret;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/internal/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(IdentityHeaders.INTERNAL_SECRET);
        if (InternalSecret.matches(secret, presented)) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    "gateway", null, List.of(new SimpleGrantedAuthority(SecurityConfiguration.INTERNAL))));
            contexts.setContext(context);
        } else {
            new Rejection(
                            presented == null ? "internal_secret_missing" : "internal_secret_invalid",
                            "internal endpoints need the " + IdentityHeaders.INTERNAL_SECRET + " header")
                    .attachTo(request);
        }
        chain.doFilter(request, response);
    }
}
