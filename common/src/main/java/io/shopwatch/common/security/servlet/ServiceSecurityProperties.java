package io.shopwatch.common.security.servlet;

import io.shopwatch.common.security.Role;
import io.shopwatch.common.security.settings.TokenCheckProperties;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of {@link ServiceSecurityAutoConfiguration} ({@code shopwatch.security.*}). The token checks under the same
 * prefix ({@code jwks-url}, {@code issuer}, {@code audience}, {@code clock-skew}, {@code jwks-*}) are the shared
 * {@link TokenCheckProperties}, which the gateway reads too.
 *
 * @param enabled verify tokens and enforce roles at all
 * @param readRole role needed for a GET or HEAD no rule matches
 * @param writeRole role needed for any other method no rule matches
 * @param rules path rules, checked in order before the defaults
 * @param publicPaths path patterns served without a token (requests that carry their own credential, such as a
 *     signed link); a token sent anyway is still verified
 * @param platformReadPaths path patterns where the platform credentials (the service's {@code
 *     shopwatch.openobserve.user} and {@code password}, sent as HTTP Basic) make the caller a viewer of the org in the
 *     path's {@code {org}} variable or the {@code org} query parameter ({@link PlatformCredentialFilter}); a POST there
 *     still needs a rule that lets viewers post
 * @param platformAdminPaths the same, making the caller an admin of that org (the services' state APIs)
 * @param platformIngestPaths path patterns where the platform credentials make the caller {@link Role#INGEST ingest}
 *     of {@code platformIngestOrg} alone, whatever the path names (tracing-service's OTLP paths, where the services
 *     export their own spans)
 * @param platformIngestOrg the one org the platform credentials may write to on {@code platformIngestPaths}; without
 *     it those paths take no platform credentials
 */
@ConfigurationProperties("shopwatch.security")
public record ServiceSecurityProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("viewer") Role readRole,
        @DefaultValue("operator") Role writeRole,
        List<Rule> rules,
        List<String> publicPaths,
        List<String> platformReadPaths,
        List<String> platformAdminPaths,
        List<String> platformIngestPaths,
        String platformIngestOrg) {

    public ServiceSecurityProperties {
        rules = rules == null ? List.of() : List.copyOf(rules);
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
        platformReadPaths = platformReadPaths == null ? List.of() : List.copyOf(platformReadPaths);
        platformAdminPaths = platformAdminPaths == null ? List.of() : List.copyOf(platformAdminPaths);
        platformIngestPaths = platformIngestPaths == null ? List.of() : List.copyOf(platformIngestPaths);
        platformIngestOrg = platformIngestOrg == null ? "" : platformIngestOrg.strip();
    }

    /**
     * Who may call the paths of one rule.
     *
     * @param paths path patterns ({@code /api/v1/metrics/**})
     * @param methods HTTP methods; empty for all
     * @param roles any one of these roles is enough (a higher role satisfies a lower one; {@code ingest} only itself)
     * @param platformAdminOnly only platform administrators, whatever their roles
     */
    public record Rule(
            List<String> paths,
            Set<String> methods,
            Set<Role> roles,
            @DefaultValue("false") boolean platformAdminOnly) {

        public Rule {
            paths = paths == null ? List.of() : List.copyOf(paths);
            methods = methods == null ? Set.of() : Set.copyOf(methods);
            roles = roles == null ? Set.of() : Set.copyOf(roles);
        }
    }
}
