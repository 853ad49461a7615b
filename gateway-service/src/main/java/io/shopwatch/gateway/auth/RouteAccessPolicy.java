package io.shopwatch.gateway.auth;

import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which requests need no credentials, which role every other one needs, and which org a path names. The services check
 * the same again; this table keeps requests a role can never make from reaching them at all.
 *
 * <table>
 *   <caption>required role</caption>
 *   <tr><td>GET/HEAD {@code /}, {@code /index.html}, {@code /assets/**} (the web console)</td><td>none</td></tr>
 *   <tr><td>{@code POST /api/v1/logs}, {@code /api/v1/events}, {@code /api/v1/metrics}, {@code /api/v1/traces},
 *   {@code /v1/traces}, {@code /v1/logs}, {@code /v1/metrics}, {@code /loki/api/v1/push}, {@code /api/v2/spans}</td>
 *   <td>{@code ingest} (or {@code operator}, {@code admin})</td></tr>
 *   <tr><td>OpenObserve's ingestion paths, any method: {@code /api/{org}/{stream}/_json}, {@code _multi},
 *   {@code /api/{org}/_bulk}, {@code v1/logs}, {@code loki/api/v1/push}, {@code v1/metrics},
 *   {@code prometheus/api/v1/write}, {@code v1/traces} ... (routed to the ingestion services, never to the store)</td>
 *   <td>{@code ingest} (or {@code operator}, {@code admin}) in that org</td></tr>
 *   <tr><td>GET/HEAD {@code /api/{org}/}, {@code /api/{org}/_license}, {@code /api/{org}/_xpack} (Elasticsearch
 *   clients' handshake, answered by logging-service)</td><td>{@code ingest} or {@code viewer} in that org</td></tr>
 *   <tr><td>{@code /api/v1/orgs/**}, {@code /api/v1/audit/**}</td><td>{@code admin} (auth-service re-checks)</td></tr>
 *   <tr><td>{@code /api/v1/auth/**} (password change, own sessions)</td><td>{@code viewer}</td></tr>
 *   <tr><td>other GET/HEAD</td><td>{@code viewer}</td></tr>
 *   <tr><td>writes to alerts, silences, dashboards</td><td>{@code operator}</td></tr>
 *   <tr><td>writes to config, backups, pipeline, performance</td><td>{@code admin}</td></tr>
 *   <tr><td>{@code /api/{org}/prometheus/**} (metrics-service's Prometheus API), any other method</td>
 *   <td>{@code viewer} in that org</td></tr>
 *   <tr><td>{@code /api/{org}/**} (OpenObserve): GET and the search POSTs</td><td>{@code viewer} in that org</td></tr>
 *   <tr><td>{@code /api/{org}/**}: any other write</td><td>{@code admin} in that org</td></tr>
 * </table>
 *
 * {@code ingest} satisfies nothing but ingestion; {@code admin} covers {@code operator} covers {@code viewer}. A platform
 * administrator may act in any org.
 */
public final class RouteAccessPolicy {

    /** What a request needs: nothing ({@link #isPublic}), or one of {@link #roles} in {@link #org} (empty: own org). */
    public record Requirement(boolean isPublic, Set<Role> roles, Optional<String> org, boolean openObserve) {

        static Requirement publicRoute() {
            return new Requirement(true, Set.of(), Optional.empty(), false);
        }

        static Requirement any(Role... roles) {
            return new Requirement(false, Set.of(roles), Optional.empty(), false);
        }
    }

    /** An org name in {@code /api/{org}/...} or {@code /api/v1/orgs/{org}/...}. */
    private static final Pattern OPENOBSERVE = Pattern.compile("^/api/(?!v\\d+(?:/|$))([^/]+)(?:/.*)?$");

    /** metrics-service's Prometheus API under {@code /api/{org}/prometheus/} (remote write is ingestion). */
    private static final Pattern PROMETHEUS = Pattern.compile("^/api/(?!v\\d+(?:/|$))([^/]+)/prometheus(?:/.*)?$");

    private static final Pattern ORGS = Pattern.compile("^/api/v1/orgs/([^/]+)(?:/.*)?$");

    private static final List<String> PUBLIC =
            List.of("/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout", "/.well-known/jwks.json");

    /** The web console's page and assets (dashboard-service): they hold no data, the API calls carry the token. */
    private static final String CONSOLE_ASSETS = "/assets/";

    /** One-click acknowledgement links of alert notifications: their signed token is the credential. */
    private static final String ACK_LINKS = "/api/v1/alerts/ack/";

    private static final Set<String> INGESTION = Set.of(
            "/api/v1/logs",
            "/api/v1/events",
            "/api/v1/metrics",
            "/api/v1/traces",
            "/v1/traces",
            "/v1/logs",
            "/v1/metrics",
            "/loki/api/v1/push",
            "/api/v2/spans");

    /**
     * OpenObserve's ingestion paths under {@code /api/{org}/}: the gateway sends them to the ingestion services (never
     * to the store), and ingest keys may use them.
     */
    private static final Pattern ORG_INGESTION = Pattern.compile("^/api/(?!v\\d+(?:/|$))([^/]+)/(?:"
            + "[^/]+/_json|[^/]+/_multi|_bulk|_hec|v1/logs|v1/metrics|v1/traces|traces|otel/v1/traces"
            + "|loki/api/v1/push|prometheus/api/v1/write|ingest/metrics/_json)$");

    /**
     * What Elasticsearch clients ask before {@code _bulk} ({@code GET /api/{org}/}, {@code _license}, {@code _xpack}):
     * logging-service answers them, and an ingest key may ask.
     */
    private static final Pattern ES_HANDSHAKE = Pattern.compile("^/api/(?!v\\d+(?:/|$))([^/]+)/(?:_license|_xpack)?$");

    private static final List<String> OPERATOR_WRITES =
            List.of("/api/v1/alerts", "/api/v2/alerts", "/api/v2/silences", "/api/v2/silence", "/api/v1/dashboards");

    private static final List<String> ADMIN_WRITES =
            List.of("/api/v1/config", "/api/v1/backups", "/api/v1/pipeline", "/api/v1/performance");

    /** OpenObserve endpoints that read although they are POSTs. */
    private static final Set<String> OPENOBSERVE_READS =
            Set.of("_search", "_search_partition", "_values", "_around", "_search_stream");

    public Requirement requirement(String method, String path) {
        if (path.equals("/health")
                || path.startsWith("/health/")
                || PUBLIC.contains(path)
                || (path.startsWith(ACK_LINKS) && path.length() > ACK_LINKS.length())) {
            return Requirement.publicRoute();
        }
        if ((method.equals("GET") || method.equals("HEAD")) && isConsole(path)) {
            return Requirement.publicRoute();
        }
        boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        if (method.equals("POST") && INGESTION.contains(path)) {
            return Requirement.any(Role.INGEST, Role.OPERATOR);
        }
        Matcher orgIngestion = ORG_INGESTION.matcher(path);
        if (orgIngestion.matches()) {
            return new Requirement(
                    false, Set.of(Role.INGEST, Role.OPERATOR), Optional.of(orgIngestion.group(1)), false);
        }
        Matcher handshake = ES_HANDSHAKE.matcher(path);
        if ((method.equals("GET") || method.equals("HEAD")) && handshake.matches()) {
            return new Requirement(false, Set.of(Role.INGEST, Role.VIEWER), Optional.of(handshake.group(1)), false);
        }
        Matcher orgs = ORGS.matcher(path);
        if (orgs.matches()) {
            return new Requirement(false, Set.of(Role.ADMIN), Optional.of(orgs.group(1)), false);
        }
        if (under(path, "/api/v1/audit")) {
            return Requirement.any(Role.ADMIN);
        }
        if (under(path, "/api/v1/auth")) {
            return Requirement.any(Role.VIEWER);
        }
        Matcher prometheus = PROMETHEUS.matcher(path);
        if (prometheus.matches()) {
            // metrics-service's Prometheus API: queries, also as POSTs (Grafana), need viewer in that org
            return new Requirement(false, Set.of(Role.VIEWER), Optional.of(prometheus.group(1)), false);
        }
        Matcher openObserve = OPENOBSERVE.matcher(path);
        if (openObserve.matches()) {
            String last = path.substring(path.lastIndexOf('/') + 1);
            boolean search = read || (method.equals("POST") && OPENOBSERVE_READS.contains(last));
            return new Requirement(
                    false, Set.of(search ? Role.VIEWER : Role.ADMIN), Optional.of(openObserve.group(1)), true);
        }
        if (read) {
            return Requirement.any(Role.VIEWER);
        }
        if (ADMIN_WRITES.stream().anyMatch(prefix -> under(path, prefix))) {
            return Requirement.any(Role.ADMIN);
        }
        if (OPERATOR_WRITES.stream().anyMatch(prefix -> under(path, prefix))) {
            return Requirement.any(Role.OPERATOR);
        }
        return Requirement.any(Role.OPERATOR);
    }

    /** Whether {@code identity} meets the requirement: a role that satisfies one of them, in the right org. */
    public static boolean allows(Requirement requirement, Identity identity) {
        if (requirement.isPublic()) {
            return true;
        }
        if (identity.platformAdmin()) {
            return true;
        }
        String org = requirement.org().orElse(identity.org());
        return requirement.roles().stream().anyMatch(role -> identity.may(role, org));
    }

    private static boolean isConsole(String path) {
        return path.equals("/")
                || path.equals("/index.html")
                || (path.startsWith(CONSOLE_ASSETS) && path.length() > CONSOLE_ASSETS.length());
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
