package io.shopwatch.common.security.servlet;

import io.shopwatch.common.security.TokenRejectedException;
import io.shopwatch.common.web.ProblemBodies;
import io.shopwatch.common.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers 401 (no valid token) and 403 (not the role) as problem+json, like every other ShopWatch error, through the
 * {@link ProblemBodies} that auth-service's security filters use too.
 */
public final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        Object reason = request.getAttribute(BearerTokenFilter.REJECTION);
        String detail = reason instanceof TokenRejectedException.Reason r
                ? "the access token is not valid (" + r.id() + ")"
                : "a valid access token is required";
        response.setHeader("WWW-Authenticate", "Bearer");
        write(request, response, ProblemType.UNAUTHORIZED, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, ProblemType.FORBIDDEN, "the caller's role does not allow this request");
    }

    static void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
            throws IOException {
        ProblemBodies.write(response, type, detail, request.getRequestURI());
    }
}
