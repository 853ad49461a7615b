package io.shopwatch.alert.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.testing.AlertServiceInstance;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import io.shopwatch.testkit.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens, roles and org isolation on the alert API. */
class AlertSecurityTest {

    private static AlertServiceInstance service;

    @BeforeAll
    static void start() {
        service = AlertServiceInstance.start(EmbeddedPostgresSupport.newDatabase("alert_security"), "sec", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    private static final String ALERT = "[{\"labels\":{\"alertname\":\"OrgOnlyAlert\",\"service\":\"checkout\"}}]";

    @Test
    void noToken_is401Problem() throws Exception {
        var response = service.send("GET", "/api/v2/alerts", null, null, null, false);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("https://shopwatch.io/problems/unauthorized");
    }

    @Test
    void viewer_mayReadButNotPostAlertsOrChangeConfig() throws Exception {
        String viewer = TestTokens.shared().token("default", Role.VIEWER);
        assertThat(service.send("GET", "/api/v2/alerts", viewer, null, null, true)
                        .statusCode())
                .isEqualTo(200);
        assertThat(service.send("POST", "/api/v2/alerts", viewer, "application/json", ALERT, true)
                        .statusCode())
                .isEqualTo(403);
        String operator = TestTokens.shared().token("default", Role.OPERATOR);
        assertThat(service.send(
                                "PUT",
                                "/api/v1/alerts/config",
                                operator,
                                "application/yaml",
                                "route:\n  receiver: x\n",
                                true)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void alertsOfOneOrg_areInvisibleToAnother() throws Exception {
        String operator = TestTokens.shared().token("default", Role.OPERATOR);
        assertThat(service.send("POST", "/api/v2/alerts", operator, "application/json", ALERT, true)
                        .statusCode())
                .isEqualTo(200);
        String acme = TestTokens.shared().token("acme", Role.ADMIN);
        assertThat(service.send("GET", "/api/v2/alerts", acme, null, null, true).body())
                .doesNotContain("OrgOnlyAlert");
        assertThat(service.get("/api/v2/alerts", "default").body()).contains("OrgOnlyAlert");
    }
}
