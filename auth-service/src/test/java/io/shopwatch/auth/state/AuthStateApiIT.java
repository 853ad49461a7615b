package io.shopwatch.auth.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.auth.support.Api;
import io.shopwatch.auth.support.IntegrationTestBase;
import io.shopwatch.auth.support.TestDatabase;
import io.shopwatch.common.openobserve.OpenObserveCredentials;
import io.shopwatch.common.state.ConflictPolicy;
import io.shopwatch.common.state.StateClient;
import io.shopwatch.common.state.StateClient.StateApiException;
import io.shopwatch.common.state.StateDocument;
import io.shopwatch.common.state.StateImportResult;
import io.shopwatch.testkit.StateApiContract;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The state API on the running service and PostgreSQL: the shared contract, no secret in a default export, a full
 * export whose users log in and keys work again after a restore, the access rules and the platform credentials.
 */
class AuthStateApiIT extends IntegrationTestBase {

    private static final String URL_PATH = "/api/v1/auth/state";

    private StateClient client(String token) {
        return new StateClient(
                URI.create("http://127.0.0.1:" + port + URL_PATH), token, Api.JSON, Duration.ofSeconds(30));
    }

    private StateClient platform(String password) {
        return new StateClient(
                URI.create("http://127.0.0.1:" + port + URL_PATH),
                "",
                OpenObserveCredentials.basic(TestDatabase.PLATFORM_USER, password)
                        .authorizationHeader(),
                Api.JSON,
                Duration.ofSeconds(30));
    }

    /** An org with an operator, a viewer and an ingest key. */
    private String seed(String org) {
        createOrg(org);
        createUser(adminToken(), org, org + "-op", "operator");
        createUser(adminToken(), org, org + "-view", "viewer");
        return createApiKey(adminToken(), org, "storefront", "ingest");
    }

    /** The org's rows gone, as a lost database would leave them. */
    private void wipe(String org) {
        jdbc.sql("DELETE FROM orgs WHERE name = ?").param(org).update();
        jdbc.sql("DELETE FROM users u WHERE NOT bootstrap AND NOT EXISTS"
                        + " (SELECT 1 FROM role_bindings b WHERE b.user_id = u.id)")
                .update();
    }

    @Nested
    class Contract extends StateApiContract {

        @Override
        protected StateClient client(String org) {
            return AuthStateApiIT.this.client(adminToken());
        }

        @Override
        protected void seed(String org) {
            AuthStateApiIT.this.seed(org);
        }

        @Override
        protected void wipe(String org) {
            AuthStateApiIT.this.wipe(org);
        }

        @Override
        protected void change(String org) {
            jdbc.sql("UPDATE role_bindings SET role = 'viewer' WHERE org = ? AND user_id ="
                            + " (SELECT id FROM users WHERE username = ?)")
                    .params(org, org + "-op")
                    .update();
        }
    }

    @Test
    void export_holdsNoSecret_andARestoreWithoutThemKeepsUsersAndKeysButNotTheirCredentials() throws Exception {
        String org = unique("st-meta");
        String key = seed(org);
        StateDocument backup = client(adminToken()).export(org);
        String text = Api.JSON.writeValueAsString(backup);
        assertThat(text).doesNotContain("argon2").doesNotContain("hash").contains(org + "-op", "storefront");

        wipe(org);
        StateImportResult result = client(adminToken()).importState(org, backup, ConflictPolicy.FAIL, false);
        assertThat(result.created()).isEqualTo(backup.items());
        assertThat(client(adminToken()).export(org).sections()).isEqualTo(backup.sections());
        // the user is back with its role but no known password; the key is listed but its secret matches nothing
        assertThat(loginResponse(org + "-op", PASSWORD, org).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/orgs/" + org + "/users")
                        .header("X-API-Key", key)
                        .send()
                        .status())
                .isEqualTo(401);
    }

    @Test
    void fullExport_restoresWorkingPasswordsAndKeys_withTheirHashesOnlyEncrypted() throws Exception {
        String org = unique("st-full");
        String key = seed(org);
        assertThat(api.get("/api/v1/orgs/" + org + "/users")
                        .header("X-API-Key", key)
                        .send()
                        .status())
                .as("the ingest key authenticates (and is refused the admin API)")
                .isEqualTo(403);
        String hash = jdbc.sql("SELECT password_hash FROM users WHERE username = ?")
                .param(org + "-op")
                .query(String.class)
                .single();
        StateDocument full = client(adminToken()).export(org, true);
        String text = Api.JSON.writeValueAsString(full);
        assertThat(text)
                .contains("password_hash_encrypted", "secret_hash_encrypted")
                .doesNotContain(hash);

        wipe(org);
        client(adminToken()).importState(org, full, ConflictPolicy.FAIL, false);

        assertThat(login(org + "-op", PASSWORD)).isNotBlank();
        assertThat(api.get("/api/v1/orgs/" + org + "/users")
                        .header("X-API-Key", key)
                        .send()
                        .status())
                .isEqualTo(403);
        StateImportResult again = client(adminToken()).importState(org, full, ConflictPolicy.FAIL, false);
        assertThat(again.unchanged()).isEqualTo(full.items());
    }

    @Test
    void fullExport_isForPlatformAdministrators() {
        String org = unique("st-rights");
        seed(org);
        createUser(adminToken(), org, org + "-admin", "admin");
        String orgAdmin = login(org + "-admin", PASSWORD);

        assertThat(api.get(URL_PATH + "/export?org=" + org)
                        .token(orgAdmin)
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.get(URL_PATH + "/export?org=" + org + "&full=true")
                        .token(orgAdmin)
                        .send()
                        .status())
                .isEqualTo(403);
        String operator = login(org + "-op", PASSWORD);
        assertThat(api.get(URL_PATH + "/export?org=" + org)
                        .token(operator)
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.get(URL_PATH + "/export?org=default")
                        .token(orgAdmin)
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.get(URL_PATH + "/export?org=" + org).send().status()).isEqualTo(401);
    }

    @Test
    void platformCredentials_exportAndImportTheOrgNamedInTheCall() throws Exception {
        String org = unique("st-platform");
        seed(org);
        StateDocument full = platform(TestDatabase.PLATFORM_PASSWORD).export(org, true);
        assertThat(full.sections().get(AuthStateExporter.USERS))
                .extracting(StateDocument::id)
                .contains(org + "-op", org + "-view");
        wipe(org);
        platform(TestDatabase.PLATFORM_PASSWORD).importState(org, full, ConflictPolicy.FAIL, false);
        assertThat(login(org + "-view", PASSWORD)).isNotBlank();

        assertThatThrownBy(() -> platform("guess").export(org))
                .isInstanceOfSatisfying(
                        StateApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
}
