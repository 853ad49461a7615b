package io.shopwatch.auth.security;

import io.shopwatch.auth.audit.AuditAction;
import io.shopwatch.auth.audit.AuditEvent;
import io.shopwatch.auth.audit.AuditLog;
import io.shopwatch.auth.audit.Outcome;
import io.shopwatch.auth.web.RequestInfo;
import io.shopwatch.common.security.Identity;
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

    private final ProblemResponses problems;
    private final AuditLog audit;

    DeniedRequestHandler(ProblemResponses problems, AuditLog audit) {
        this.problems = problems;
        this.audit = audit;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        Rejection rejection = Rejection.of(request);
        String reason = rejection == null ? "no_credentials" : rejection.reason();
        audit.record(AuditEvent.of(AuditAction.REQUEST_DENIED, Outcome.DENIED)
                .org(OrgPaths.orgOf(request.getRequestURI()))
                .request(RequestInfo.of(request))
                .target(request.getRequestURI())
                .detail("source", "auth-service")
                .detail("status", 401)
                .detail("reason", reason)
                .build());
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
        problems.write(request, response, ProblemType.UNAUTHORIZED, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        AuditEvent.Builder event = AuditEvent.of(AuditAction.REQUEST_DENIED, Outcome.DENIED)
                .org(OrgPaths.orgOf(request.getRequestURI()))
                .request(RequestInfo.of(request))
                .target(request.getRequestURI())
                .detail("source", "auth-service")
                .detail("status", 403)
                .detail("reason", "not_allowed");
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Identity identity) {
            event.by(identity);
        }
        audit.record(event.build());
        problems.write(request, response, ProblemType.FORBIDDEN, "not allowed");
    }
}
