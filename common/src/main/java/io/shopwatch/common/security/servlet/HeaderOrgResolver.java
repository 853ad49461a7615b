package io.shopwatch.common.security.servlet;

import io.shopwatch.common.web.ShopWatchException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/**
 * The org named in the {@value #HEADER} header, {@value #DEFAULT_ORG} when there is none; used only without token
 * checks, where nothing checks that the caller belongs to that org.
 *
 * <p>Leading and trailing white space is removed before the name is checked: it is not part of an HTTP field value
 * (RFC 9110, section 5.5), and Tomcat already drops it on the wire, so {@code " acme "} and {@code "acme"} name the
 * same org everywhere rather than one being refused where the other is taken.
 */
public final class HeaderOrgResolver implements OrgResolver {

    public static final String HEADER = "X-ShopWatch-Org";
    public static final String DEFAULT_ORG = "default";

    /** Same rule as {@link io.shopwatch.common.event.Envelope#org()}. */
    private static final Pattern ORG = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    @Override
    public String org(HttpServletRequest request) {
        String org = request.getHeader(HEADER);
        if (org == null || org.isBlank()) {
            return DEFAULT_ORG;
        }
        org = org.strip();
        if (!ORG.matcher(org).matches()) {
            throw ShopWatchException.invalid(HEADER + " must be 1 to 64 letters, digits, '_' or '-'");
        }
        return org;
    }
}
