package io.shopwatch.dashboard.api;

import io.shopwatch.common.security.servlet.OrgResolver;
import io.shopwatch.dashboard.pack.PackInstaller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/** Makes sure the org of a dashboard request has the e-commerce packs before the request is served. */
public class PackInterceptor implements HandlerInterceptor {

    private final PackInstaller installer;
    private final OrgResolver orgs;

    public PackInterceptor(PackInstaller installer, OrgResolver orgs) {
        this.installer = installer;
        this.orgs = orgs;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        installer.ensureInstalled(orgs.org(request));
        return true;
    }
}
