package io.shopwatch.auth.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.auth.support.Api;
import io.shopwatch.auth.support.IntegrationTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** An org administrator's user management: create, list, change role, disable, reset password, delete. */
class UserManagementIT extends IntegrationTestBase {

    private String org;
    private String admin;
    private String token;

    @BeforeEach
    void orgWithAdmin() {
        org = unique("users");
        createOrg(org);
        admin = unique("users-admin");
        createUser(adminToken(), org, admin, "admin");
        token = login(admin, PASSWORD);
    }

    @Test
    void create_list_get() {
        Api.Response created = api.post("/api/v1/orgs/" + org + "/users")
                .token(token)
                .body(Map.of("username", "Alice.Ops@Example.com", "password", PASSWORD, "role", "operator"))
                .send();

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("username").asString()).isEqualTo("alice.ops@example.com");
        assertThat(created.json().path("role").asString()).isEqualTo("operator");
        assertThat(created.body()).doesNotContain(PASSWORD).doesNotContain("argon2");
        JsonNode list =
                api.get("/api/v1/orgs/" + org + "/users").token(token).send().json();
        assertThat(list.path("data").size()).isEqualTo(2);
        assertThat(api.get("/api/v1/orgs/" + org + "/users/alice.ops@example.com")
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/orgs/" + org + "/users/nobody")
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(audit("action=user.create&org=" + org)).hasSize(2);
    }

    @Test
    void passwordsAreStoredAsArgon2Hashes() {
        String user = unique("hashed");
        createUser(token, org, user, "viewer");

        String hash = jdbc.sql("SELECT password_hash FROM users WHERE username = ?")
                .param(user)
                .query(String.class)
                .single();

        assertThat(hash).startsWith("{argon2}$argon2id$").doesNotContain(PASSWORD);
    }

    @Test
    void create_refusesWeakPasswords_badNames_unknownRoles_andTakenNames() {
        Api.Response weak = create("weak-user", "password123!", "viewer");
        Api.Response shortOne = create("short-user", "Abc-123", "viewer");
        Api.Response containsName = create("carol", "carol-Strong-Phrase-7", "viewer");

        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.problemType()).isEqualTo("https://shopwatch.io/problems/validation");
        assertThat(weak.json().path("detail").asString()).contains("common word");
        assertThat(shortOne.json().path("detail").asString()).contains("at least 12 characters");
        assertThat(containsName.json().path("detail").asString()).contains("user name");
        assertThat(create("Bad Name!", PASSWORD, "viewer").status()).isEqualTo(400);
        assertThat(create("role-user", PASSWORD, "root").status()).isEqualTo(400);
        assertThat(create(admin, PASSWORD, "viewer").status()).isEqualTo(409);
        assertThat(create(ADMIN, PASSWORD, "viewer").status()).isEqualTo(409);
    }

    @Test
    void roleChange_isAudited_andTheNextRefreshCarriesTheNewRole() {
        String user = unique("promoted");
        createUser(token, org, user, "viewer");
        String refresh = tokens(user, PASSWORD).path("refresh_token").asString();

        Api.Response changed = api.patch("/api/v1/orgs/" + org + "/users/" + user)
                .token(token)
                .body(Map.of("role", "operator"))
                .send();

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("role").asString()).isEqualTo("operator");
        String access = api.post("/api/v1/auth/refresh")
                .body(Map.of("refresh_token", refresh))
                .send()
                .json()
                .path("access_token")
                .asString();
        assertThat(claims(access).path("roles").get(0).asString()).isEqualTo("operator");
        assertThat(audit("action=user.role_change&org=" + org)).singleElement().satisfies(e -> {
            assertThat(e.path("actor").asString()).isEqualTo(admin);
            assertThat(e.path("target").asString()).isEqualTo(user);
            assertThat(e.path("details").path("from").asString()).isEqualTo("viewer");
            assertThat(e.path("details").path("to").asString()).isEqualTo("operator");
        });
    }

    @Test
    void disable_endsLoginAndRefresh_enableRestoresLogin() {
        String user = unique("disabled");
        createUser(token, org, user, "viewer");
        String refresh = tokens(user, PASSWORD).path("refresh_token").asString();

        api.patch("/api/v1/orgs/" + org + "/users/" + user)
                .token(token)
                .body(Map.of("disabled", true))
                .send();

        Api.Response login = loginResponse(user, PASSWORD, null);
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.json().path("detail").asString()).contains("disabled");
        assertThat(api.post("/api/v1/auth/refresh")
                        .body(Map.of("refresh_token", refresh))
                        .send()
                        .status())
                .isEqualTo(401);
        api.patch("/api/v1/orgs/" + org + "/users/" + user)
                .token(token)
                .body(Map.of("disabled", false))
                .send();
        assertThat(loginResponse(user, PASSWORD, null).status()).isEqualTo(200);
        assertThat(audit("action=user.disable&org=" + org)).hasSize(1);
        assertThat(audit("action=user.enable&org=" + org)).hasSize(1);
    }

    @Test
    void passwordReset_byTheAdmin_replacesThePassword() {
        String user = unique("reset");
        createUser(token, org, user, "viewer");

        Api.Response reset = api.patch("/api/v1/orgs/" + org + "/users/" + user)
                .token(token)
                .body(Map.of("password", "Brand-New-Phrase-42"))
                .send();

        assertThat(reset.status()).isEqualTo(200);
        assertThat(loginResponse(user, PASSWORD, null).status()).isEqualTo(401);
        assertThat(loginResponse(user, "Brand-New-Phrase-42", null).status()).isEqualTo(200);
        assertThat(audit("action=user.password_reset&org=" + org)).hasSize(1);
    }

    @Test
    void theLastEnabledAdmin_cannotBeDemotedDisabledOrDeleted() {
        String users = "/api/v1/orgs/" + org + "/users/" + admin;

        assertThat(api.patch(users)
                        .token(token)
                        .body(Map.of("role", "viewer"))
                        .send()
                        .status())
                .isEqualTo(409);
        assertThat(api.patch(users)
                        .token(token)
                        .body(Map.of("disabled", true))
                        .send()
                        .status())
                .isEqualTo(409);
        assertThat(api.delete(users).token(token).send().status()).isEqualTo(409);

        String second = unique("second-admin");
        createUser(token, org, second, "admin");
        assertThat(api.patch(users)
                        .token(token)
                        .body(Map.of("role", "viewer"))
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void delete_removesTheUser_andEndsTheirSessions() {
        String user = unique("deleted");
        createUser(token, org, user, "viewer");
        String refresh = tokens(user, PASSWORD).path("refresh_token").asString();

        Api.Response deleted = api.delete("/api/v1/orgs/" + org + "/users/" + user)
                .token(token)
                .send();

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(loginResponse(user, PASSWORD, null).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh")
                        .body(Map.of("refresh_token", refresh))
                        .send()
                        .status())
                .isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM users WHERE username = ?")
                        .param(user)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(audit("action=user.delete&org=" + org)).hasSize(1);
    }

    @Test
    void paging_walksThroughTheUsers() {
        for (int i = 0; i < 3; i++) {
            createUser(token, org, unique("page-user"), "viewer");
        }

        JsonNode first = api.get("/api/v1/orgs/" + org + "/users?limit=2")
                .token(token)
                .send()
                .json();
        String cursor = first.path("next_cursor").asString();
        JsonNode second = api.get("/api/v1/orgs/" + org + "/users?limit=2&cursor=" + cursor)
                .token(token)
                .send()
                .json();

        assertThat(first.path("data").size()).isEqualTo(2);
        assertThat(second.path("data").size()).isEqualTo(2);
        JsonNode third = api.get("/api/v1/orgs/" + org + "/users?limit=2&cursor="
                        + second.path("next_cursor").asString())
                .token(token)
                .send()
                .json();
        assertThat(third.path("data").size()).isZero();
        assertThat(third.path("next_cursor").asString(null)).isNull();
        List<String> names = new ArrayList<>();
        first.path("data").forEach(u -> names.add(u.path("username").asString()));
        second.path("data").forEach(u -> names.add(u.path("username").asString()));
        assertThat(names).doesNotHaveDuplicates().hasSize(4).isSorted();
    }

    private Api.Response create(String username, String password, String role) {
        return api.post("/api/v1/orgs/" + org + "/users")
                .token(token)
                .body(Map.of("username", username, "password", password, "role", role))
                .send();
    }
}
