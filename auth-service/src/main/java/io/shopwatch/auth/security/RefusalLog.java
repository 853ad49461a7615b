package io.shopwatch.auth.security;

import io.shopwatch.common.security.Identity;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Where the refusals of the security layer are recorded (the audit log, as {@code request.denied}); declared here so
 * that the security layer needs nothing of it.
 */
@FunctionalInterface
public interface RefusalLog {

    /**
     * @param request the refused request, {@code null} outside one
     * @param caller who asked, {@code null} when unknown
     * @param org the org the request was about, {@code null} when none
     * @param status the answer's HTTP status
     * @param reason why, a short identifier
     */
    void refused(HttpServletRequest request, Identity caller, String org, int status, String reason);
}
