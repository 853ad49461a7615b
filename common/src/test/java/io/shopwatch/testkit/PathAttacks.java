package io.shopwatch.testkit;

import java.util.List;

/**
 * Request targets that name org {@code from} to a check on the raw path but may reach org {@code to} once a server
 * decodes, strips or normalises the path: every form {@code io.shopwatch.common.web.PathFirewall} refuses, for the
 * tests of the gateway and of each service.
 */
public final class PathAttacks {

    private PathAttacks() {}

    /** Paths from {@code /api/{from}/} that lead to {@code /api/{to}/_search}. */
    public static List<String> crossOrgSearch(String from, String to) {
        String tail = to + "/_search";
        return List.of(
                "/api/" + from + "/../" + tail,
                "/api/" + from + "/./../" + tail,
                "/api/" + from + "/%2e%2e/" + tail,
                "/api/" + from + "/%2E%2E/" + tail,
                "/api/" + from + "/%2e./" + tail,
                "/api/" + from + "/.%2E/" + tail,
                "/api/" + from + "/%2e/%2e%2e/" + tail,
                "/api/" + from + "%2f..%2f" + tail,
                "/api/" + from + "%2F..%2F" + tail,
                "/api/" + from + "/..%2f" + tail,
                "/api/" + from + "/..%5c" + tail,
                "/api/" + from + "/..%5C" + tail,
                "/api/" + from + "/..\\" + tail,
                "/api/" + from + "\\..\\" + tail,
                "/api/" + from + "/..;/" + tail,
                "/api/" + from + "/..%3b/" + tail,
                "/api/" + from + "//../" + tail,
                "/api/" + from + "/%00/../" + tail,
                "/api/" + from + "/..%00/" + tail,
                "/api/" + from + "/%252e%252e/" + tail,
                "/api/" + from + "/%252E%252E/" + tail,
                "/api/" + from + "/..%252f" + tail,
                "/api/" + from + "/%c0%ae%c0%ae/" + tail);
    }
}
