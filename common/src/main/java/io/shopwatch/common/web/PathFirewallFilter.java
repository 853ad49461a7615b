package io.shopwatch.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, with 400 problem+json, every request whose raw path {@link PathFirewall} does not allow, before Spring
 * Security, the dispatcher or any controller sees it. Tomcat itself refuses some of these forms earlier (an encoded
 * slash, an encoded NUL); those answers are problem+json through {@link ProblemErrorReportValve}.
 */
public final class PathFirewallFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(PathFirewallFilter.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String rawPath = request.getRequestURI();
        Optional<String> refused = PathFirewall.check(rawPath);
        if (refused.isPresent()) {
            log.debug("refused {} {}: {}", request.getMethod(), rawPath, refused.get());
            ProblemBodies.write(response, ProblemType.PATH_REFUSED, refused.get(), rawPath);
            return;
        }
        chain.doFilter(request, response);
    }
}
