package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.openobserve.OpenObserveCredentials;
import io.shopwatch.common.security.Role;
import io.shopwatch.common.state.ConflictPolicy;
import io.shopwatch.common.state.StateClient;
import io.shopwatch.common.state.StateClient.StateApiException;
import io.shopwatch.common.state.StateDocument;
import io.shopwatch.common.state.StateImportResult;
import io.shopwatch.config.ConfigApi.Answer;
import io.shopwatch.config.state.ConfigStateExporter;
import io.shopwatch.testkit.StateApiContract;
import io.shopwatch.testkit.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state API on the running service and PostgreSQL: the shared contract, the API's answers after a restore,
 * secrets that stay encrypted, releases that keep their ids and are never overwritten, the platform credentials.
 */
class ConfigStateApiTest extends ConfigServiceIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcTemplate jdbc;

    private StateClient client(String org) {
        return new StateClient(
                URI.create("http://127.0.0.1:" + port + "/api/v1/config/state"),
                TestTokens.shared().token("admin@" + org, org, Role.ADMIN),
                JSON,
                Duration.ofSeconds(30));
    }

    /** Two applications: one with two releases, a rollback and a secret, one with a draft ahead of its release. */
    private void seed(String org) {
        String token = operator(org);
        Answer first = api.draftAndPublish(
                "billing", "prod", token, "{\"rate\":0.1,\"db.password\":\"{cipher}s3cret-pw\"}", "first");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        Answer second = api.draftAndPublish(
                "billing", "prod", token, "{\"rate\":0.9,\"db.password\":\"{cipher}******\"}", "up");
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        Answer rollback = api.post(
                "/api/v1/config/billing/prod/rollback",
                token,
                "{\"release\":" + first.json().path("id").asLong() + ",\"reason\":\"too high\"}");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
        assertThat(api.draftAndPublish("cart", "default", token, "{\"ttl\":\"30m\"}", "cart")
                        .status())
                .isEqualTo(201);
        assertThat(api.put("/api/v1/config/cart/default/draft", token, "{\"ttl\":\"45m\"}")
                        .status())
                .isEqualTo(200);
    }

    /** The org's rows gone, as a lost database would leave them. */
    private void wipe(String org) {
        for (String table :
                List.of("config_gray", "config_history", "config_pointer", "config_instance", "config_draft")) {
            jdbc.update("DELETE FROM " + table + " WHERE org = ?", org);
        }
        jdbc.update("DELETE FROM config_release WHERE org = ? AND parent_id IS NOT NULL", org);
        jdbc.update("DELETE FROM config_release WHERE org = ?", org);
    }

    @Nested
    class Contract extends StateApiContract {

        @Override
        protected StateClient client(String org) {
            return ConfigStateApiTest.this.client(org);
        }

        @Override
        protected void seed(String org) {
            ConfigStateApiTest.this.seed(org);
        }

        @Override
        protected void wipe(String org) {
            ConfigStateApiTest.this.wipe(org);
        }

        @Override
        protected void change(String org) {
            assertThat(api.put("/api/v1/config/cart/default/draft", operator(org), "{\"ttl\":\"1h\"}")
                            .status())
                    .isEqualTo(200);
        }
    }

    private static String newOrg() {
        return "cs-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void restore_answersTheApiAsBefore_withTheSameReleaseIds_andSecretsNeverInClear() throws Exception {
        String org = newOrg();
        seed(org);
        List<String> paths = List.of(
                "/api/v1/config/billing/prod/releases",
                "/api/v1/config/billing/prod/draft",
                "/api/v1/config/cart/default/releases",
                "/api/v1/config/cart/default/draft");
        List<String> before =
                paths.stream().map(p -> api.get(p, viewer(org)).body()).toList();
        String protocolBefore = api.get("/billing/prod", service(org))
                .json()
                .path("propertySources")
                .toString();
        StateDocument backup = client(org).export(org);
        assertThat(backup.sections().get(ConfigStateExporter.RELEASES)).hasSize(3);
        assertThat(backup.sections().get(ConfigStateExporter.DRAFTS)).hasSize(2);
        assertThat(backup.sections().get(ConfigStateExporter.POINTERS)).hasSize(2);
        assertThat(JSON.writeValueAsString(backup)).doesNotContain("s3cret").contains("{cipher}");

        wipe(org);
        assertThat(api.get("/api/v1/config/billing/prod/releases", viewer(org)).json())
                .isEmpty();
        StateImportResult result = client(org).importState(org, backup, ConflictPolicy.FAIL, false);
        assertThat(result.created()).isEqualTo(backup.items());

        assertThat(paths.stream().map(p -> api.get(p, viewer(org)).body()).toList())
                .isEqualTo(before);
        // the release in force serves its secret in clear to services again: it was restored encrypted, not lost
        String protocolAfter = api.get("/billing/prod", service(org))
                .json()
                .path("propertySources")
                .toString();
        assertThat(protocolAfter).isEqualTo(protocolBefore).contains("s3cret-pw");
        // a publish after the restore gets a fresh id, not one of the restored ones
        Answer next = api.draftAndPublish("cart", "default", operator(org), "{\"ttl\":\"50m\"}", "after");
        assertThat(next.status()).as(next.body()).isEqualTo(201);
        long maxRestored = backup.sections().get(ConfigStateExporter.RELEASES).stream()
                .mapToLong(i -> Long.parseLong(i.path("id").asString()))
                .max()
                .orElseThrow();
        assertThat(next.json().path("id").asLong()).isGreaterThan(maxRestored);
    }

    @Test
    void import_ofAReleaseThatExistsWithOtherContent_isRefused_evenUnderOverwrite() throws Exception {
        String org = newOrg();
        seed(org);
        StateDocument backup = client(org).export(org);
        String id = backup.sections()
                .get(ConfigStateExporter.RELEASES)
                .get(0)
                .path("id")
                .asString();
        jdbc.update("UPDATE config_release SET reason = 'edited' WHERE id = ?", Long.parseLong(id));
        StateDocument edited = client(org).export(org);

        assertThatThrownBy(() -> client(org).importState(org, backup, ConflictPolicy.OVERWRITE, false))
                .isInstanceOfSatisfying(
                        StateApiException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("immutable");
        assertThat(client(org).export(org).sections()).isEqualTo(edited.sections());
        assertThat(client(org)
                        .importState(org, backup, ConflictPolicy.SKIP, false)
                        .skipped())
                .isEqualTo(1);
    }

    @Test
    void import_intoAnOrgWhoseReleaseIdsAreTaken_isRefused() throws Exception {
        String org = newOrg();
        seed(org);
        StateDocument backup = client(org).export(org);
        String other = newOrg();

        assertThatThrownBy(() -> client(other).importState(other, backup, ConflictPolicy.FAIL, false))
                .isInstanceOfSatisfying(
                        StateApiException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("empty database");
        assertThat(client(other).export(other).items()).isZero();
    }

    @Test
    void stateApi_withThePlatformCredentials_actsForTheOrgNamedInTheCall() throws Exception {
        String org = newOrg();
        seed(org);
        StateClient platform = new StateClient(
                URI.create("http://127.0.0.1:" + port + "/api/v1/config/state"),
                "",
                OpenObserveCredentials.basic(PLATFORM_USER, PLATFORM_PASSWORD).authorizationHeader(),
                JSON,
                Duration.ofSeconds(30));
        StateDocument backup = platform.export(org);
        assertThat(backup.sections().get(ConfigStateExporter.RELEASES)).hasSize(3);
        wipe(org);
        platform.importState(org, backup, ConflictPolicy.FAIL, false);
        assertThat(platform.export(org).sections()).isEqualTo(backup.sections());
    }

    @Test
    void stateApi_isAdminOnly() {
        String org = newOrg();
        assertThat(api.get("/api/v1/config/state/export", operator(org)).status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/config/state/import", operator(org), "{}").status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/config/state/export", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/config/state/export", TestTokens.shared().token(org, Role.ADMIN))
                        .status())
                .isEqualTo(200);
    }
}
