package io.shopwatch.auth.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Matches requests that no controller handles. They may pass without credentials and get the shared 404 problem; every
 * request a controller handles needs authentication unless a rule says otherwise, so a new endpoint is protected by
 * default. A path that exists with another method counts as handled.
 */
final class UnmappedRequestMatcher implements RequestMatcher {

    private final RequestMappingHandlerMapping mapping;

    UnmappedRequestMatcher(RequestMappingHandlerMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        boolean parsedBefore = ServletRequestPathUtils.hasParsedRequestPath(request);
        if (!parsedBefore) {
            ServletRequestPathUtils.parseAndCache(request);
        }
        try {
            return mapping.getHandler(request) == null;
        } catch (Exception e) {
            return false;
        } finally {
            if (!parsedBefore) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            }
        }
    }
}
