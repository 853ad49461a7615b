package io.shopwatch.common.security.servlet;

import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The platform's own services reading each other the way they read OpenObserve: HTTP Basic with the OpenObserve
 * credentials every service is configured with ({@code OPENOBSERVE_USER} / {@code OPENOBSERVE_PASSWORD}). On the paths
 * named in {@code shopwatch.security.platform-read-paths} only, each with an {@code {org}} variable, such a request is
 * a {@link Role#VIEWER viewer} of the org in its path ({@link AuthKind#PLATFORM}); anywhere else, or with any other
 * credential, the filter does nothing and the token checks decide. So alert-service's PromQL rules read metrics-service
 * with the credentials they would send to OpenObserve's own PromQL API.
 */
public final class PlatformCredentialFilter extends OncePerRequestFilter {

    private final byte[] expected;
    private final String user;
    private final List<PathPattern> paths;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    public PlatformCredentialFilter(String user, String password, List<String> paths) {
        this.user = user;
        this.expected = ("Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
        PathPatternParser parser = new PathPatternParser();
        this.paths = paths.stream().map(parser::parse).toList();
        for (PathPattern pattern : this.paths) {
            if (!pattern.getPatternString().contains("{org}")) {
                throw new IllegalArgumentException(
                        "a platform read path must name the org as {org}: " + pattern.getPatternString());
            }
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && isRead(request.getMethod())) {
            String org = orgOf(
                    request.getRequestURI().substring(request.getContextPath().length()));
            if (org != null && MessageDigest.isEqual(expected, header.strip().getBytes(StandardCharsets.UTF_8))) {
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(new IdentityAuthentication(new Identity(
                        "platform:" + user, org, Set.of(Role.VIEWER), AuthKind.PLATFORM, false, null, null)));
                contexts.setContext(context);
            }
        }
        chain.doFilter(request, response);
    }

    /** The org of a platform read path, or null when the path is not one. */
    String orgOf(String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (PathPattern pattern : paths) {
            PathPattern.PathMatchInfo match = pattern.matchAndExtract(container);
            if (match != null) {
                Map<String, String> variables = match.getUriVariables();
                String org = variables.get("org");
                return org == null || org.isBlank() ? null : org;
            }
        }
        return null;
    }

    private static boolean isRead(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "POST".equals(method);
    }
}
