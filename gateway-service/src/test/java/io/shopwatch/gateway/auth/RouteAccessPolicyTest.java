package io.shopwatch.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.security.AuthKind;
import io.shopwatch.common.security.Identity;
import io.shopwatch.common.security.Role;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteAccessPolicyTest {

    private final RouteAccessPolicy policy = new RouteAccessPolicy();

    private static Identity caller(String org, Role role, boolean platformAdmin) {
        return new Identity(
                "someone",
                org,
                Set.of(role),
                AuthKind.USER,
                platformAdmin,
                "jti",
                Instant.now().plusSeconds(60));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET, /health/logging",
        "POST, /api/v1/auth/login",
        "POST, /api/v1/auth/refresh",
        "POST, /api/v1/auth/logout",
        "GET, /.well-known/jwks.json",
        "GET, /api/v1/alerts/ack/eyJvcmci.c2ln",
        "POST, /api/v1/alerts/ack/eyJvcmci.c2ln",
        "GET, /",
        "HEAD, /",
        "GET, /index.html",
        "GET, /assets/index-3f2a.js"
    })
    void publicRoutes_needNothing(String method, String path) {
        assertThat(policy.requirement(method, path).isPublic()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void ackLinksWithoutAToken_andTheAlertGroupsApi_needALogin() {
        assertThat(policy.requirement("GET", "/api/v1/alerts/ack/").isPublic()).isFalse();
        assertThat(policy.requirement("POST", "/api/v1/alerts/groups/abc/ack").isPublic())
                .isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"POST, /", "PUT, /index.html", "DELETE, /assets/index-3f2a.js", "GET, /assets/", "GET, /index.htm"})
    void consolePaths_arePublicForReadsOfExactlyThosePaths(String method, String path) {
        assertThat(policy.requirement(method, path).isPublic()).isFalse();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @CsvSource({
        "shop-a, ingest, POST, /api/v1/logs, true",
        "shop-a, ingest, POST, /v1/traces, true",
        "shop-a, ingest, POST, /api/v1/logs/_bulk, false",
        "shop-a, ingest, GET, /api/v1/metrics/query, false",
        "shop-a, viewer, GET, /api/v1/dashboards/d1, true",
        "shop-a, viewer, PUT, /api/v1/dashboards/d1, false",
        "shop-a, operator, PUT, /api/v1/dashboards/d1, true",
        "shop-a, operator, DELETE, /api/v2/silence/s1, true",
        "shop-a, operator, POST, /api/v1/backups, false",
        "shop-a, admin, POST, /api/v1/backups, true",
        "shop-a, operator, POST, /api/v1/pipeline/dlq/replay, false",
        "shop-a, viewer, POST, /api/shop-a/_search, true",
        "shop-a, viewer, POST, /api/shop-a/logs/_json, false",
        "shop-a, admin, POST, /api/shop-a/logs/_json, true",
        "shop-a, admin, POST, /api/shop-b/_search, false",
        "shop-a, admin, GET, /api/v1/orgs/shop-b/users, false",
        "shop-a, admin, GET, /api/v1/orgs/shop-a/users, true",
        "shop-a, viewer, GET, /api/v1/orgs/shop-a/users, false",
        // the log shippers' protocols: ingest keys (and every writing role) in their own org only
        "shop-a, ingest, POST, /api/shop-a/logs/_json, true",
        "shop-a, ingest, POST, /api/shop-a/logs/_multi, true",
        "shop-a, ingest, POST, /api/shop-a/_bulk, true",
        "shop-a, ingest, POST, /api/shop-a/v1/logs, true",
        "shop-a, ingest, POST, /api/shop-a/loki/api/v1/push, true",
        "shop-a, ingest, POST, /api/shop-a/prometheus/api/v1/write, true",
        "shop-a, ingest, POST, /api/shop-a/v1/metrics, true",
        "shop-a, ingest, POST, /api/shop-a/v1/traces, true",
        "shop-a, operator, POST, /api/shop-a/_bulk, true",
        "shop-a, ingest, POST, /api/shop-b/logs/_json, false",
        "shop-a, admin, POST, /api/shop-b/_bulk, false",
        "shop-a, viewer, POST, /api/shop-a/_bulk, false",
        "shop-a, ingest, POST, /v1/logs, true",
        "shop-a, ingest, POST, /v1/metrics, true",
        "shop-a, ingest, POST, /loki/api/v1/push, true",
        "shop-a, ingest, POST, /api/v2/spans, true",
        "shop-a, ingest, GET, /api/shop-a/_search, false",
        // Elasticsearch clients' handshake before _bulk: ingest keys and readers of the org
        "shop-a, ingest, GET, /api/shop-a/, true",
        "shop-a, ingest, HEAD, /api/shop-a/, true",
        "shop-a, ingest, GET, /api/shop-a/_license, true",
        "shop-a, ingest, GET, /api/shop-a/_xpack, true",
        "shop-a, viewer, GET, /api/shop-a/, true",
        "shop-a, ingest, GET, /api/shop-b/, false",
        "shop-a, ingest, DELETE, /api/shop-a/, false",
        "shop-a, ingest, GET, /api/shop-a/streams, false",
        // metrics-service's Prometheus API: queries (also POSTs) for viewers of the org
        "shop-a, viewer, POST, /api/shop-a/prometheus/api/v1/query, true",
        "shop-a, viewer, GET, /api/shop-b/prometheus/api/v1/query, false",
    })
    void roleAndOrg_decide(String org, String role, String method, String path, boolean allowed) {
        Identity identity = caller(org, Role.fromId(role).orElseThrow(), false);

        assertThat(RouteAccessPolicy.allows(policy.requirement(method, path), identity))
                .isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"POST, /api/shop-b/_search", "DELETE, /api/v1/orgs/shop-b/api-keys/k1", "POST, /api/v1/config/x"})
    void platformAdmin_mayDoAnything(String method, String path) {
        Identity root = caller("default", Role.VIEWER, true);

        assertThat(RouteAccessPolicy.allows(policy.requirement(method, path), root))
                .isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "POST, /api/shop-a/logs/_json",
        "POST, /api/shop-a/_bulk",
        "POST, /api/shop-a/v1/logs",
        "POST, /api/shop-a/prometheus/api/v1/write",
        "GET, /api/shop-a/prometheus/api/v1/query"
    })
    void ingestionAndPrometheusPaths_areNotTheStores_soTheCallersTokenIsForwarded(String method, String path) {
        assertThat(policy.requirement(method, path).openObserve()).isFalse();
        assertThat(policy.requirement("GET", "/api/shop-a/streams").openObserve())
                .isTrue();
    }
}
