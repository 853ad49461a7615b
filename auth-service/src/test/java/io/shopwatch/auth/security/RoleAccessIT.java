package io.shopwatch.auth.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.auth.support.Api;
import io.shopwatch.auth.support.IntegrationTestBase;
import io.shopwatch.auth.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each role allowed and refused where it should be, and no org reaching into another on any endpoint. Refusals are
 * 403 problem+json and each one is in the audit log.
 */
class RoleAccessIT extends IntegrationTestBase {

    private String acme;
    private String globex;
    private String acmeAdmin;
    private String acmeAdminToken;
    private String acmeTarget;
    private String globexUser;
    private String globexKeyId;

    /** A request to an endpoint. */
    record Call(String method, String path, Object body) {
        Api.Response send(Api api, String token) {
            return api.call(method, path).token(token).body(body).send();
        }

        Api.Response sendWithApiKey(Api api, String key) {
            return api.call(method, path).header("X-API-Key", key).body(body).send();
        }
    }

    @BeforeEach
    void twoOrgs() {
        acme = unique("acme");
        globex = unique("globex");
        createOrg(acme);
        createOrg(globex);
        acmeAdmin = unique("acme-admin");
        createUser(adminToken(), acme, acmeAdmin, "admin");
        acmeAdminToken = login(acmeAdmin, PASSWORD);
        acmeTarget = unique("acme-target");
        createUser(acmeAdminToken, acme, acmeTarget, "viewer");
        globexUser = unique("globex-user");
        createUser(adminToken(), globex, globexUser, "admin");
        globexKeyId = api.post("/api/v1/orgs/" + globex + "/api-keys")
                .token(adminToken())
                .body(Map.of("name", "globex-key", "role", "ingest"))
                .send()
                .json()
                .path("id")
                .asString();
    }

    /** Every endpoint that acts inside one org, aimed at {@code org}. */
    private List<Call> orgEndpoints(String org, String username, String keyId) {
        String users = "/api/v1/orgs/" + org + "/users";
        String keys = "/api/v1/orgs/" + org + "/api-keys";
        return List.of(
                new Call("GET", users, null),
                new Call("POST", users, Map.of("username", unique("new-user"), "password", PASSWORD, "role", "viewer")),
                new Call("GET", users + "/" + username, null),
                new Call("PATCH", users + "/" + username, Map.of("role", "operator")),
                new Call("PATCH", users + "/" + username, Map.of("disabled", true)),
                new Call("PATCH", users + "/" + username, Map.of("password", "Hijacked-Password-99")),
                new Call("POST", users + "/" + username + "/unlock", null),
                new Call("DELETE", users + "/" + username, null),
                new Call("GET", keys, null),
                new Call("POST", keys, Map.of("name", unique("new-key"), "role", "ingest")),
                new Call("DELETE", keys + "/" + keyId, null),
                new Call("GET", "/api/v1/audit?org=" + org, null));
    }

    @Test
    void orgAdmin_isRefusedOnEveryEndpointOfAnotherOrg_andEachRefusalIsAudited() {
        List<Call> calls = orgEndpoints(globex, globexUser, globexKeyId);

        for (Call call : calls) {
            Api.Response response = call.send(api, acmeAdminToken);
            assertThat(response.status()).as(call + " " + response.body()).isEqualTo(403);
            assertThat(response.problemType()).isEqualTo("https://shopwatch.io/problems/forbidden");
        }

        assertThat(audit("action=request.denied&actor=" + acmeAdmin + "&org=" + globex))
                .hasSize(calls.size())
                .allSatisfy(e -> {
                    assertThat(e.path("details").path("reason").asString()).isEqualTo("other_org");
                    assertThat(e.path("details").path("actor_org").asString()).isEqualTo(acme);
                });
        assertThat(api.get("/api/v1/orgs/" + globex + "/users/" + globexUser)
                        .token(adminToken())
                        .send()
                        .json()
                        .path("role")
                        .asString())
                .as("nothing changed in the other org")
                .isEqualTo("admin");
        assertThat(loginResponse(globexUser, PASSWORD, null).status()).isEqualTo(200);
    }

    @Test
    void anOrgThatDoesNotExist_isRefusedLikeAnotherOrg_notReportedMissing() {
        for (Call call : orgEndpoints("no-such-org", "someone", "aaaaaaaaaaaa")) {
            assertThat(call.send(api, acmeAdminToken).status())
                    .as(call.toString())
                    .isEqualTo(403);
        }
    }

    @Test
    void operatorViewerAndIngestUsers_areRefusedOnTheirOwnOrgsManagement() {
        for (String role : List.of("operator", "viewer", "ingest")) {
            String user = unique("acme-" + role);
            createUser(acmeAdminToken, acme, user, role);
            String token = login(user, PASSWORD);
            for (Call call : orgEndpoints(acme, acmeTarget, "aaaaaaaaaaaa")) {
                Api.Response response = call.send(api, token);
                assertThat(response.status()).as(role + " " + call).isEqualTo(403);
            }
            assertThat(audit("action=request.denied&actor=" + user))
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.path("details").path("reason").asString())
                            .isEqualTo("role"));
            assertThat(api.get("/api/v1/auth/me").token(token).send().status())
                    .as(role + " may read its own identity")
                    .isEqualTo(200);
        }
    }

    @Test
    void apiKeys_ofEveryRole_areRefusedOnManagement() {
        for (String role : List.of("ingest", "viewer", "operator")) {
            String key = createApiKey(acmeAdminToken, acme, unique("acme-key-" + role), role);
            for (Call call : orgEndpoints(acme, acmeTarget, "aaaaaaaaaaaa")) {
                assertThat(call.sendWithApiKey(api, key).status())
                        .as(role + " key " + call)
                        .isEqualTo(403);
            }
            Api.Response exchanged = api.post("/internal/v1/api-keys/verify")
                    .header("X-ShopWatch-Internal-Secret", TestDatabase.INTERNAL_SECRET)
                    .body(Map.of("key", key))
                    .send();
            String token = exchanged.json().path("access_token").asString();
            assertThat(api.get("/api/v1/orgs/" + acme + "/users")
                            .token(token)
                            .send()
                            .status())
                    .as("the token the gateway gets for a key has no more rights than the key")
                    .isEqualTo(403);
        }
    }

    @Test
    void orgAdmin_managesItsOwnOrg() {
        String users = "/api/v1/orgs/" + acme + "/users";
        String keys = "/api/v1/orgs/" + acme + "/api-keys";

        assertThat(api.get(users).token(acmeAdminToken).send().status()).isEqualTo(200);
        assertThat(api.get(users + "/" + acmeTarget)
                        .token(acmeAdminToken)
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.patch(users + "/" + acmeTarget)
                        .token(acmeAdminToken)
                        .body(Map.of("role", "operator"))
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.post(users + "/" + acmeTarget + "/unlock")
                        .token(acmeAdminToken)
                        .send()
                        .status())
                .isEqualTo(204);
        String keyId = api.post(keys)
                .token(acmeAdminToken)
                .body(Map.of("name", "own", "role", "ingest"))
                .send()
                .json()
                .path("id")
                .asString();
        assertThat(api.get(keys).token(acmeAdminToken).send().status()).isEqualTo(200);
        assertThat(api.delete(keys + "/" + keyId).token(acmeAdminToken).send().status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/audit").token(acmeAdminToken).send().status())
                .isEqualTo(200);
        assertThat(api.delete(users + "/" + acmeTarget)
                        .token(acmeAdminToken)
                        .send()
                        .status())
                .isEqualTo(204);
    }

    @Test
    void platformEndpoints_areRefusedToOrgAdmins_andAllowedToThePlatformAdmin() {
        List<Call> platformOnly = List.of(
                new Call("POST", "/api/v1/orgs", Map.of("name", unique("sneaky"))),
                new Call("GET", "/api/v1/auth/keys", null),
                new Call("POST", "/api/v1/auth/keys/rotate", null));

        for (Call call : platformOnly) {
            assertThat(call.send(api, acmeAdminToken).status())
                    .as(call.toString())
                    .isEqualTo(403);
        }
        assertThat(new Call("POST", "/api/v1/orgs", Map.of("name", unique("allowed")))
                        .send(api, adminToken())
                        .status())
                .isEqualTo(201);
        assertThat(new Call("GET", "/api/v1/auth/keys", null)
                        .send(api, adminToken())
                        .status())
                .isEqualTo(200);
        for (Call call : orgEndpoints(globex, globexUser, "aaaaaaaaaaaa")) {
            if (call.method().equals("GET")) {
                assertThat(call.send(api, adminToken()).status())
                        .as("platform admin " + call)
                        .isIn(200, 404);
            }
        }
    }

    @Test
    void listingOrgs_showsOrgAdminsOnlyTheirOwn() {
        JsonNode own = api.get("/api/v1/orgs").token(acmeAdminToken).send().json();
        JsonNode all =
                api.get("/api/v1/orgs?limit=500").token(adminToken()).send().json();

        List<String> ownNames = new ArrayList<>();
        own.path("data").forEach(o -> ownNames.add(o.path("name").asString()));
        assertThat(ownNames).containsExactly(acme);
        assertThat(all.toString()).contains(acme, globex, "\"default\"");
    }

    @Test
    void aDisabledAdmin_losesManagementRightsAtOnce_despiteAValidToken() {
        String second = unique("acme-second-admin");
        createUser(acmeAdminToken, acme, second, "admin");
        String token = login(second, PASSWORD);
        assertThat(api.get("/api/v1/orgs/" + acme + "/users")
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(200);

        api.patch("/api/v1/orgs/" + acme + "/users/" + second)
                .token(acmeAdminToken)
                .body(Map.of("disabled", true))
                .send();

        assertThat(api.get("/api/v1/orgs/" + acme + "/users")
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(loginResponse(second, PASSWORD, null).status()).isEqualTo(403);
    }

    @Test
    void anOrgAdmin_cannotTouchAPlatformAdministrator_andNobodyChangesTheBootstrapOneThroughTheApi() {
        String defaultAdmin = unique("default-admin");
        createUser(adminToken(), "default", defaultAdmin, "admin");
        String token = login(defaultAdmin, PASSWORD);

        Api.Response byOrgAdmin = api.patch("/api/v1/orgs/default/users/" + ADMIN)
                .token(token)
                .body(Map.of("role", "viewer"))
                .send();
        Api.Response deleteByOrgAdmin =
                api.delete("/api/v1/orgs/default/users/" + ADMIN).token(token).send();
        Api.Response byPlatformAdmin = api.patch("/api/v1/orgs/default/users/" + ADMIN)
                .token(adminToken())
                .body(Map.of("role", "viewer"))
                .send();

        assertThat(byOrgAdmin.status()).isEqualTo(403);
        assertThat(deleteByOrgAdmin.status()).isEqualTo(403);
        assertThat(byPlatformAdmin.status()).isEqualTo(409);
        assertThat(audit("action=request.denied&actor=" + defaultAdmin))
                .extracting(e -> e.path("details").path("reason").asString())
                .containsOnly("platform_admin_target");
    }
}
