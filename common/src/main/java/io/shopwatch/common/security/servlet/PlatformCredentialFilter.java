package io.shopwatch.common.security.servlet;

import io.shopwatch.common.openobserve.OpenObserveCredentials;
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
 * The platform's own services calling each other the way they call OpenObserve: HTTP Basic with the OpenObserve
 * credentials every service is configured with ({@code OPENOBSERVE_USER} / {@code OPENOBSERVE_PASSWORD}). On the paths
 * named in {@code shopwatch.security.platform-read-paths} such a request is a {@link Role#VIEWER viewer}, on those of
 * {@code platform-admin-paths} an {@link Role#ADMIN admin}, of one org ({@link AuthKind#PLATFORM}): the path's
 * {@code {org}} variable, or else the {@code org} query parameter. Anywhere else, or with any other credential, the
 * filter does nothing and the token checks decide. On the paths of {@code platform-ingest-paths} the caller is {@link
 * Role#INGEST ingest} of {@code platform-ingest-org} only, whatever org the path names (the services exporting their
 * own spans to tracing-service: writing telemetry into the platform's org, nothing else). So alert-service's PromQL rules read metrics-service with the
 * credentials they would send to OpenObserve's own PromQL API, and backup-service exports and imports the services'
 * state (the same trust as the OpenObserve root credentials, which read and delete every org's telemetry).
 */
public final class PlatformCredentialFilter extends OncePerRequestFilter {

    private final byte[] expected;
    private final String user;
    private final List<PathPattern> readPaths;
    private final List<PathPattern> adminPaths;
    private final List<PathPattern> ingestPaths;
    private final String ingestOrg;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    public PlatformCredentialFilter(String user, String password, List<String> readPaths, List<String> adminPaths) {
        this(user, password, readPaths, adminPaths, List.of(), "");
    }

    /**
     * @param ingestPaths paths where the credentials make the caller {@link Role#INGEST ingest} of {@code ingestOrg}
     * @param ingestOrg the org of those paths; blank: the ingest paths take no platform credentials
     */
    public PlatformCredentialFilter(
            String user,
            String password,
            List<String> readPaths,
            List<String> adminPaths,
            List<String> ingestPaths,
            String ingestOrg) {
        this.user = user;
        this.expected = OpenObserveCredentials.basic(user, password)
                .authorizationHeader()
                .getBytes(StandardCharsets.UTF_8);
        PathPatternParser parser = new PathPatternParser();
        this.readPaths = readPaths.stream().map(parser::parse).toList();
        this.adminPaths = adminPaths.stream().map(parser::parse).toList();
        this.ingestOrg = ingestOrg == null ? "" : ingestOrg.strip();
        this.ingestPaths = this.ingestOrg.isEmpty()
                ? List.of()
                : ingestPaths.stream().map(parser::parse).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && MessageDigest.isEqual(expected, header.strip().getBytes(StandardCharsets.UTF_8))) {
            PathContainer path = PathContainer.parsePath(
                    request.getRequestURI().substring(request.getContextPath().length()));
            Role role = Role.ADMIN;
            String org = orgOf(adminPaths, path, request);
            if (org == null) {
                role = Role.VIEWER;
                org = orgOf(readPaths, path, request);
            }
            if (org == null && ingestPaths.stream().anyMatch(pattern -> pattern.matches(path))) {
                role = Role.INGEST;
                org = ingestOrg;
            }
            if (org != null) {
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(new IdentityAuthentication(
                        new Identity("platform:" + user, org, Set.of(role), AuthKind.PLATFORM, false, null, null)));
                contexts.setContext(context);
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * The org a request on one of {@code patterns} acts for: the {@code {org}} variable, or else the {@code org} query
     * parameter; null when the path is none of them or names no org.
     */
    private static String orgOf(List<PathPattern> patterns, PathContainer path, HttpServletRequest request) {
        for (PathPattern pattern : patterns) {
            PathPattern.PathMatchInfo match = pattern.matchAndExtract(path);
            if (match != null) {
                Map<String, String> variables = match.getUriVariables();
                String org = variables.containsKey("org") ? variables.get("org") : request.getParameter("org");
                return org == null || org.isBlank() ? null : org;
            }
        }
        return null;
    }
}
