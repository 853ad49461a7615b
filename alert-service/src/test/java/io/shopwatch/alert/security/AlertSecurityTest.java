package io.shopwatch.alert.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.alert.alertmanager.Alertmanagers;
import io.shopwatch.alert.config.ConfigRepository;
import io.shopwatch.alert.testing.AlertServiceInstance;
import io.shopwatch.common.security.Role;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import io.shopwatch.testkit.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens, roles and org isolation on the alert API, and channel secrets that never come back out of it. */
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

    private static final String DING_TOKEN = "d1e2a3d4b5e6e7f8d1e2a3d4b5e6e7f8d1e2a3d4b5e6e7f8d1e2a3d4b5e6e7f8";
    private static final String DING_SECRET = "SECf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfe";
    private static final String BEARER = "bearer-0b1c2d3e4f5a6b7c8d9e";
    private static final String SECRET_CONFIG = """
            # the on-call channels
            route:
              receiver: oncall
            receivers:
              - name: oncall
                webhook_configs:
                  - url: http://127.0.0.1:9/hook
                    http_config:
                      bearer_token: %s
                dingtalk_configs:
                  - url: https://oapi.dingtalk.com/robot/send?access_token=%s
                    secret: %s
            """.formatted(BEARER, DING_TOKEN, DING_SECRET);

    private static void assertNoSecret(String text) {
        assertThat(text).doesNotContain(DING_TOKEN).doesNotContain(DING_SECRET).doesNotContain(BEARER);
    }

    private static HttpResponse<String> get(String path, String org, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.url() + path))
                .header("Authorization", "Bearer " + TestTokens.shared().token(org, Role.ADMIN))
                .header("Accept", accept)
                .GET()
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> storedRows(String org) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = service.bean(DataSource.class).getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT yaml FROM alert_config WHERE org = ?")) {
            ps.setString(1, org);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }

    @Test
    void configApi_neverReturnsAChannelSecretAndStoresItEncrypted() throws Exception {
        String org = "secrets-read";
        assertThat(service.putYaml("/api/v1/alerts/config", org, SECRET_CONFIG).statusCode())
                .isEqualTo(200);

        HttpResponse<String> yaml = get("/api/v1/alerts/config", org, "application/yaml");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertNoSecret(yaml.body());
        assertThat(yaml.body()).contains("bearer_token: <secret>", "url: <secret>", "secret: <secret>");
        HttpResponse<String> json = get("/api/v1/alerts/config", org, "application/json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertNoSecret(json.body());
        assertThat(json.body()).contains("\"secret\":\"<secret>\"");
        HttpResponse<String> version = service.get("/api/v1/alerts/config/versions/1", org);
        assertThat(version.statusCode()).isEqualTo(200);
        assertNoSecret(version.body());
        HttpResponse<String> status = service.get("/api/v2/status", org);
        assertThat(status.statusCode()).isEqualTo(200);
        assertNoSecret(status.body());
        assertThat(status.body()).contains("<secret>");

        assertThat(storedRows(org)).singleElement().satisfies(row -> {
            assertThat(row).startsWith("swenc:v1:");
            assertNoSecret(row);
        });
    }

    @Test
    void configPut_secretPlaceholder_keepsTheValueInForce() throws Exception {
        String org = "secrets-roundtrip";
        assertThat(service.putYaml("/api/v1/alerts/config", org, SECRET_CONFIG).statusCode())
                .isEqualTo(200);
        String edited = get("/api/v1/alerts/config", org, "application/yaml")
                .body()
                .replace("receiver: oncall", "receiver: oncall\n  group_wait: 5s");

        HttpResponse<String> put = service.putYaml("/api/v1/alerts/config", org, edited);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(service.bean(ConfigRepository.class).latest(org).orElseThrow())
                .satisfies(v -> assertThat(v.version()).isEqualTo(2))
                .satisfies(v -> assertThat(v.yaml()).contains(DING_TOKEN, DING_SECRET, BEARER, "group_wait: 5s"));
        assertThat(service.bean(Alertmanagers.class)
                        .get(org)
                        .config()
                        .receivers()
                        .get("oncall")
                        .get(1)
                        .settings())
                .containsEntry("secret", DING_SECRET);
        assertNoSecret(service.get("/api/v1/alerts/config/versions/2", org).body());

        // the JSON form makes the same round trip
        String json = get("/api/v1/alerts/config", org, "application/json").body();
        assertNoSecret(json);
        assertThat(service.send("PUT", "/api/v1/alerts/config", org, "application/json", json)
                        .statusCode())
                .isEqualTo(200);
        assertThat(service.bean(ConfigRepository.class).latest(org).orElseThrow())
                .satisfies(v -> assertThat(v.version()).isEqualTo(3))
                .satisfies(v -> assertThat(v.yaml()).contains(DING_TOKEN, DING_SECRET, BEARER));
    }

    @Test
    void configPut_placeholderWithNothingToKeep_is400NamingThePath() throws Exception {
        String org = "secrets-missing";
        assertThat(service.putYaml("/api/v1/alerts/config", org, SECRET_CONFIG).statusCode())
                .isEqualTo(200);
        String added = SECRET_CONFIG + """
                  - name: new-team
                    wecom_configs:
                      - url: <secret>
                """;

        HttpResponse<String> put = service.putYaml("/api/v1/alerts/config", org, added);

        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(put.body()).contains("\"path\":\"receivers[1].wecom_configs[0].url\"");
        assertNoSecret(put.body());
        assertThat(service.bean(ConfigRepository.class).versions(org)).hasSize(1);
    }

    @Test
    void configPut_internalReceiverHost_is400WithLineAndColumnUnlessAllowListed() throws Exception {
        String org = "internal-hosts";
        String yaml = """
                route:
                  receiver: oncall
                receivers:
                  - name: oncall
                    webhook_configs:
                      - url: http://127.0.0.1:9/allow-listed
                      - url: http://167772161/hook
                    wecom_configs:
                      - url: 'http://[::ffff:192.168.0.1]/cgi-bin/webhook/send?key=%s'
                """.formatted(DING_TOKEN);

        HttpResponse<String> put = service.putYaml("/api/v1/alerts/config", org, yaml);

        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(put.body())
                .contains(
                        "{\"line\":7,\"column\":14,\"path\":\"receivers[0].webhook_configs[1].url\"",
                        "{\"line\":9,\"column\":14,\"path\":\"receivers[0].wecom_configs[0].url\"",
                        "the internal address 10.0.0.1",
                        "the internal address 192.168.0.1",
                        "SHOPWATCH_WEBHOOK_ALLOWLIST");
        assertThat(put.body()).doesNotContain("receivers[0].webhook_configs[0].url");
        assertNoSecret(put.body());
        assertThat(service.bean(ConfigRepository.class).versions(org)).isEmpty();

        // the allow-listed loopback receiver alone is stored
        String allowed = yaml.substring(0, yaml.indexOf("      - url: http://167772161"));
        assertThat(service.putYaml("/api/v1/alerts/config", org, allowed).statusCode())
                .isEqualTo(200);
    }
}
