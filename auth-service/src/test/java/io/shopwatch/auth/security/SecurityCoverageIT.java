package io.shopwatch.auth.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.auth.support.Api;
import io.shopwatch.auth.support.IntegrationTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Every endpoint a controller serves needs credentials, except the few that are public by design. */
class SecurityCoverageIT extends IntegrationTestBase {

    private static final Set<String> PUBLIC =
            Set.of("/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout", "/.well-known/jwks.json");

    @Autowired
    @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

    @Test
    void everyNonPublicEndpoint_refusesAnonymousCallers() {
        List<String> checked = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : info.getPatternValues()) {
                if (PUBLIC.contains(pattern)
                        || pattern.startsWith("/v3/api-docs")
                        || pattern.startsWith("/swagger-ui")
                        || pattern.equals("/error")) {
                    continue;
                }
                String path = pattern.replaceAll("\\{[^}]+}", "x1");
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    Api.Response response =
                            api.call(method.name(), path).body("{}").send();
                    assertThat(response.status()).as(method + " " + pattern).isEqualTo(401);
                    assertThat(response.problemType()).isEqualTo("https://shopwatch.io/problems/unauthorized");
                    checked.add(method + " " + pattern);
                }
            }
        });
        assertThat(checked)
                .contains(
                        "GET /api/v1/auth/me",
                        "POST /api/v1/orgs",
                        "DELETE /api/v1/orgs/{org}/api-keys/{id}",
                        "POST /internal/v1/api-keys/verify",
                        "POST /internal/v1/audit/denied",
                        "GET /api/v1/audit");
    }

    @Test
    void actuatorEndpointsBeyondHealthAndMetrics_areClosed() {
        assertThat(api.get("/actuator/env").send().status()).isEqualTo(401);
        assertThat(api.get("/actuator/env").token(adminToken()).send().status()).isEqualTo(403);
        assertThat(api.get("/actuator/health").send().status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus").send().status()).isEqualTo(200);
    }

    @Test
    void unknownPaths_stillAnswerANotFoundProblem() {
        Api.Response response = api.get("/api/v1/no-such-thing").send();

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problemType()).isEqualTo("https://shopwatch.io/problems/not-found");
    }

    @Test
    void knownPaths_withAnotherMethod_needCredentialsFirst() {
        assertThat(api.call("PUT", "/api/v1/orgs").send().status()).isEqualTo(401);
        assertThat(api.get("/api/v1/auth/login").send().status()).isEqualTo(405);
    }
}
