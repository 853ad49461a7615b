package io.shopwatch.auth.security;

import io.shopwatch.auth.apikey.ApiKeyRejectedException;
import io.shopwatch.auth.apikey.ApiKeyService;
import io.shopwatch.common.security.AccessTokenVerifier;
import io.shopwatch.common.security.Identity;
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
 * Authenticates {@code Authorization: Bearer <access token>}, and API keys ({@code X-API-Key: <key>} or {@code
 * Authorization: Bearer <key>}). A credential that does not verify leaves the request anonymous with the reason
 * attached: endpoints that need authentication then answer 401 with it, public ones (login, refresh) are unaffected.
 */
final class CredentialFilter extends OncePerRequestFilter {

    private final AccessTokenVerifier verifier;
    private final ApiKeyService apiKeys;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    CredentialFilter(AccessTokenVerifier verifier, ApiKeyService apiKeys) {
        this.verifier = verifier;
        this.apiKeys = apiKeys;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/internal/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String credential = IdentityHeaders.bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (credential == null) {
            credential = request.getHeader(IdentityHeaders.API_KEY);
        }
        if (credential != null && !credential.isBlank()) {
            try {
                Identity identity = IdentityHeaders.isApiKey(credential)
                        ? apiKeys.verify(credential, Clients.of(request)).identity()
                        : verifier.verify(credential);
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(new IdentityAuthentication(identity));
                contexts.setContext(context);
            } catch (TokenRejectedException e) {
                new Rejection(e.reason().id(), e.getMessage()).attachTo(request);
            } catch (ApiKeyRejectedException e) {
                new Rejection("api_key_" + e.reason(), "API key is not valid").attachTo(request);
            }
        }
        chain.doFilter(request, response);
    }
}
