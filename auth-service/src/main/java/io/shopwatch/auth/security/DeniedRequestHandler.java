package io.shopwatch.auth.security;

import io.shopwatch.common.security.Identity;
import io.shopwatch.common.web.ProblemBodies;
import io.shopwatch.common.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Spring Security's 401 and 403: a problem+json answer with ShopWatch's {@code unauthorized} / {@code forbidden} type,
 * and a {@code request.denied} audit event.
 */
final class DeniedRequestHandler implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final RefusalLog refusals;

    DeniedRequestHandler(RefusalLog refusals) {
        this.refusals = refusals;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        Rejection rejection = Rejection.of(request);
        String reason = rejection == null ? "no_credentials" : rejection.reason();
        refusals.refused(request, null, OrgPaths.orgOf(request.getRequestURI()), 401, reason);
        String detail;
        if (rejection == null) {
            detail = "authentication required: send Authorization: Bearer <access token>";
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"shopwatch\"");
        } else {
            detail = switch (reason) {
                case "expired" -> "access token has expired";
                case "internal_secret_missing", "internal_secret_invalid" -> rejection.detail();
                default -> reason.startsWith("api_key") ? "API key is not valid" : "access token is not valid";
            };
            response.setHeader(
                    HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer realm=\"shopwatch\", error=\"invalid_token\", error_description=\"" + detail + "\"");
        }
        ProblemBodies.write(response, ProblemType.UNAUTHORIZED, detail, request.getRequestURI());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Identity caller =
                authentication != null && authentication.getPrincipal() instanceof Identity identity ? identity : null;
        refusals.refused(request, caller, OrgPaths.orgOf(request.getRequestURI()), 403, "not_allowed");
        ProblemBodies.write(response, ProblemType.FORBIDDEN, "not allowed", request.getRequestURI());
    }
}
