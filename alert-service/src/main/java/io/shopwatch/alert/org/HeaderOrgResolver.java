package io.shopwatch.alert.org;

import io.shopwatch.common.web.ShopWatchException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/** Takes the organisation from the {@code X-ShopWatch-Org} header, {@code default} when absent. */
public final class HeaderOrgResolver implements OrgResolver {

    public static final String HEADER = "X-ShopWatch-Org";
    public static final String DEFAULT_ORG = "default";
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    @Override
    public String org(HttpServletRequest request) {
        String org = request.getHeader(HEADER);
        if (org == null || org.isBlank()) {
            return DEFAULT_ORG;
        }
        if (!VALID.matcher(org).matches()) {
            throw ShopWatchException.invalid(HEADER + " must be 1-64 letters, digits, '_' or '-'");
        }
        return org;
    }
}
