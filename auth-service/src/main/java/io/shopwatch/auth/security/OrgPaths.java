package io.shopwatch.auth.security;

import io.shopwatch.common.security.TokenClaims;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The org a request path is about ({@code /api/v1/orgs/{org}/...}), for audit events of refused requests. */
final class OrgPaths {

    private static final Pattern ORG_PATH = Pattern.compile("^/api/v1/orgs/(" + TokenClaims.ORG_PATTERN + ")(/.*)?$");

    private OrgPaths() {}

    static String orgOf(String path) {
        if (path == null) {
            return null;
        }
        Matcher matcher = ORG_PATH.matcher(path);
        return matcher.matches() ? matcher.group(1) : null;
    }
}
