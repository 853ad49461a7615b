package io.shopwatch.alert.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.alert.ack.JdbcGroupAcks;
import io.shopwatch.alert.db.JsonCodec;
import io.shopwatch.alert.notify.NotificationExtras.Ack;
import io.shopwatch.alert.testing.AlertServiceInstance;
import io.shopwatch.common.openobserve.OpenObserveCredentials;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.state.ConflictPolicy;
import io.shopwatch.common.state.StateClient;
import io.shopwatch.common.state.StateClient.StateApiException;
import io.shopwatch.common.state.StateDocument;
import io.shopwatch.common.state.StateImportResult;
import io.shopwatch.testkit.EmbeddedPostgresSupport;
import io.shopwatch.testkit.StateApiContract;
import io.shopwatch.testkit.TestTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state API on the real service and PostgreSQL: the shared contract, a restore into a second service on an empty
 * database that answers the API as the first, channel secrets that stay encrypted, the platform credentials, roles.
 */
class AlertStateApiTest {

    private static final String USER = "root@shopwatch.local";
    private static final String PASSWORD = "state-test-password";
    private static final String BEARER = "bearer-5tate-0b1c2d3e4f5a6b7c";
    private static final Map<String, String> SETTINGS =
            Map.of("shopwatch.openobserve.user", USER, "shopwatch.openobserve.password", PASSWORD);

    private static AlertServiceInstance service;

    @BeforeAll
    static void start() {
        service = AlertServiceInstance.start(EmbeddedPostgresSupport.newDatabase("alert_state"), "state", SETTINGS);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static StateClient client(AlertServiceInstance instance, String org) {
        return new StateClient(
                URI.create(instance.url() + "/api/v1/alerts/state"),
                TestTokens.shared().token(org, Role.ADMIN),
                JsonCodec.MAPPER,
                Duration.ofSeconds(30));
    }

    private static String config(String org) {
        return """
                route:
                  receiver: oncall
                  group_by: [alertname]
                receivers:
                  - name: oncall
                    webhook_configs:
                      - url: http://127.0.0.1:9/hook/%s
                        http_config:
                          bearer_token: %s
                """.formatted(org, BEARER);
    }

    private static String rule(String name, int threshold) {
        return """
                {"name": "%s", "type": "scheduled",
                 "query": "SELECT service, COUNT(*) AS value FROM \\"logs\\" WHERE level = 'ERROR' GROUP BY service",
                 "interval": "1m",
                 "severities": [{"severity": "critical", "op": ">=", "threshold": %d}],
                 "labels": {"team": "checkout"}}
                """.formatted(name, threshold);
    }

    /** A configuration with a channel secret, two rules, a silence and an acknowledgement. */
    private static void seed(String org) throws Exception {
        HttpResponse<String> put = service.putYaml("/api/v1/alerts/config", org, config(org));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        for (String name : List.of("CheckoutErrors", "PaymentErrors")) {
            HttpResponse<String> created = service.postJson("/api/v1/alerts/rules", org, rule(name, 3));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HttpResponse<String> silence =
                service.postJson("/api/v2/silences", org, """
                {"matchers": [{"name": "service", "value": "checkout", "isRegex": false, "isEqual": true}],
                 "startsAt": "%s", "endsAt": "%s", "createdBy": "ops", "comment": "deploy"}
                """.formatted(now, now.plus(Duration.ofHours(2))));
        assertThat(silence.statusCode()).as(silence.body()).isEqualTo(200);
        service.bean(JdbcGroupAcks.class)
                .put(
                        org,
                        "g-" + org,
                        "{}:{alertname=\"CheckoutErrors\"}",
                        new Ack("ops", now, "looking", now.plus(Duration.ofHours(4))));
    }

    /** The org's rows gone, as a lost database would leave it. */
    private static void wipe(String org) throws Exception {
        try (Connection c = service.bean(DataSource.class).getConnection()) {
            for (String table : List.of("alert_config", "alert_rule", "silence", "alert_group_ack")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE org = ?")) {
                    ps.setString(1, org);
                    ps.executeUpdate();
                }
            }
        }
    }

    @Nested
    class Contract extends StateApiContract {

        @Override
        protected StateClient client(String org) {
            return AlertStateApiTest.client(service, org);
        }

        @Override
        protected void seed(String org) throws Exception {
            AlertStateApiTest.seed(org);
        }

        @Override
        protected void wipe(String org) throws Exception {
            AlertStateApiTest.wipe(org);
        }

        @Override
        protected void change(String org) throws Exception {
            JsonNode rules = JsonCodec.MAPPER.readTree(
                    service.get("/api/v1/alerts/rules", org).body());
            String id = rules.get(0).get("id").asString();
            String name = rules.get(0).get("name").asString();
            HttpResponse<String> changed =
                    service.send("PUT", "/api/v1/alerts/rules/" + id, org, "application/json", rule(name, 10));
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        }
    }

    @Test
    void restoreIntoAnEmptyService_answersTheApiAsBefore_andSecretsStayEncrypted() throws Exception {
        String org = "state-" + UUID.randomUUID().toString().substring(0, 8);
        seed(org);
        StateDocument backup = client(service, org).export(org);
        assertThat(backup.sections().get(AlertStateExporter.CONFIG)).hasSize(1);
        assertThat(backup.sections().get(AlertStateExporter.RULES)).hasSize(2);
        assertThat(backup.sections().get(AlertStateExporter.SILENCES)).hasSize(1);
        assertThat(backup.sections().get(AlertStateExporter.ACKS)).hasSize(1);
        String exported = JsonCodec.MAPPER.writeValueAsString(backup);
        assertThat(exported).doesNotContain(BEARER).doesNotContain("127.0.0.1:9/hook");

        try (AlertServiceInstance empty = AlertServiceInstance.start(
                EmbeddedPostgresSupport.newDatabase("alert_state_restore"), "state-restore", SETTINGS)) {
            StateImportResult result = client(empty, org).importState(org, backup, ConflictPolicy.FAIL, false);
            assertThat(result.created()).isEqualTo(backup.items());

            HttpResponse<String> config = empty.get("/api/v1/alerts/config", org);
            assertThat(config.statusCode()).isEqualTo(200);
            assertThat(config.body())
                    .contains("\"bearer_token\":\"<secret>\"")
                    .isEqualTo(service.get("/api/v1/alerts/config", org).body());
            assertThat(rules(empty, org)).isEqualTo(rules(service, org));
            assertThat(silences(empty, org)).isEqualTo(silences(service, org));
            assertThat(empty.bean(JdbcGroupAcks.class).get(org, "g-" + org, Instant.now()))
                    .isEqualTo(service.bean(JdbcGroupAcks.class).get(org, "g-" + org, Instant.now()));
            // the channel secret arrived: the configuration in force sends with it
            assertThat(empty.bean(io.shopwatch.alert.alertmanager.Alertmanagers.class)
                            .get(org)
                            .config()
                            .source())
                    .contains(BEARER);
            assertThat(client(empty, org).export(org).sections()).isEqualTo(backup.sections());
        }
    }

    /** The rules as listed, without what a write changes (version, time). */
    private static JsonNode rules(AlertServiceInstance instance, String org) throws Exception {
        JsonNode rules = JsonCodec.MAPPER.readTree(
                instance.get("/api/v1/alerts/rules", org).body());
        rules.forEach(r -> {
            ((ObjectNode) r).remove("version");
            ((ObjectNode) r).remove("updatedAt");
        });
        return rules;
    }

    /**
     * The silences as listed, without {@code updatedAt} (a restored silence is written at the restore), times at
     * PostgreSQL's precision (a silence created a moment ago is listed with nanoseconds from memory; the same service
     * lists it in microseconds after a restart, as it is stored).
     */
    private static JsonNode silences(AlertServiceInstance instance, String org) throws Exception {
        JsonNode silences =
                JsonCodec.MAPPER.readTree(instance.get("/api/v2/silences", org).body());
        silences.forEach(s -> {
            ObjectNode silence = (ObjectNode) s;
            silence.remove("updatedAt");
            for (String field : List.of("startsAt", "endsAt")) {
                silence.put(
                        field,
                        Instant.parse(silence.get(field).asString())
                                .truncatedTo(ChronoUnit.MICROS)
                                .toString());
            }
        });
        return silences;
    }

    @Test
    void import_ofAConfigurationOfAnUnknownKey_isRefusedByName() throws Exception {
        String org = "state-key-" + UUID.randomUUID().toString().substring(0, 8);
        seed(org);
        StateDocument backup = client(service, org).export(org);
        ObjectNode config = (ObjectNode)
                backup.sections().get(AlertStateExporter.CONFIG).get(0).deepCopy();
        config.put("yaml_encrypted", "swenc:v1:0badc0de:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Map<String, List<JsonNode>> sections = new LinkedHashMap<>(backup.sections());
        sections.put(AlertStateExporter.CONFIG, List.of(config));
        StateDocument foreign = new StateDocument(1, "alerts", org, Instant.now(), sections);

        assertThatThrownBy(() -> client(service, org).importState(org, foreign, ConflictPolicy.OVERWRITE, false))
                .isInstanceOfSatisfying(
                        StateApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("0badc0de")
                .hasMessageContaining("ALERT_SECRETS_PREVIOUS_KEYS");
        assertThat(client(service, org).export(org).sections()).isEqualTo(backup.sections());
    }

    @Test
    void stateApi_withThePlatformCredentials_actsForTheOrgNamedInTheCall() throws Exception {
        String org = "state-platform-" + UUID.randomUUID().toString().substring(0, 8);
        seed(org);
        StateClient platform = new StateClient(
                URI.create(service.url() + "/api/v1/alerts/state"),
                "",
                OpenObserveCredentials.basic(USER, PASSWORD).authorizationHeader(),
                JsonCodec.MAPPER,
                Duration.ofSeconds(30));
        StateDocument backup = platform.export(org);
        assertThat(backup.sections().get(AlertStateExporter.RULES)).hasSize(2);
        wipe(org);
        platform.importState(org, backup, ConflictPolicy.FAIL, false);
        assertThat(platform.export(org).sections()).isEqualTo(backup.sections());

        StateClient wrong = new StateClient(
                URI.create(service.url() + "/api/v1/alerts/state"),
                "",
                OpenObserveCredentials.basic(USER, "guess").authorizationHeader(),
                JsonCodec.MAPPER,
                Duration.ofSeconds(30));
        assertThatThrownBy(() -> wrong.export(org)).hasMessageContaining("401");
    }

    @Test
    void stateApi_isAdminOnly() throws Exception {
        String operator = TestTokens.shared().token("state-roles", Role.OPERATOR);
        assertThat(service.send("GET", "/api/v1/alerts/state/export", operator, null, null, true)
                        .statusCode())
                .isEqualTo(403);
        assertThat(service.send("POST", "/api/v1/alerts/state/import", operator, "application/json", "{}", true)
                        .statusCode())
                .isEqualTo(403);
        assertThat(service.send("GET", "/api/v1/alerts/state/export", null, null, null, false)
                        .statusCode())
                .isEqualTo(401);
        assertThat(service.get("/api/v1/alerts/state/export", "state-roles").statusCode())
                .isEqualTo(200);
    }
}
