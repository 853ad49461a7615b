package io.shopwatch.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.auth.support.Api;
import io.shopwatch.auth.support.IntegrationTestBase;
import io.shopwatch.auth.user.UserRepository;
import io.shopwatch.common.security.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Login, refresh, logout, identity and password change over real HTTP against a real PostgreSQL. */
class LoginIT extends IntegrationTestBase {

    @Autowired
    UserRepository users;

    @Test
    void switchOrg_memberOfBoth_getsTokensForTheOtherOrgWithoutThePassword_andIsAudited() {
        String home = unique("switch-home");
        String other = unique("switch-other");
        String foreign = unique("switch-foreign");
        createOrg(home);
        createOrg(other);
        createOrg(foreign);
        String user = unique("switcher");
        createUser(adminToken(), home, user, "viewer");
        users.insertBinding(users.findByUsername(user).orElseThrow().id(), other, Role.OPERATOR, clock.instant());
        String access = login(user, PASSWORD);

        Api.Response switched = api.post("/api/v1/auth/switch-org")
                .token(access)
                .body(Map.of("org", other))
                .send();

        assertThat(switched.status()).as(switched.body()).isEqualTo(200);
        assertThat(switched.header("Cache-Control")).contains("no-store");
        JsonNode claims = claims(switched.json().path("access_token").asString());
        assertThat(claims.path("sub").asString()).isEqualTo(user);
        assertThat(claims.path("org").asString()).isEqualTo(other);
        assertThat(claims.path("roles").get(0).asString()).isEqualTo("operator");
        JsonNode me = api.get("/api/v1/auth/me")
                .token(switched.json().path("access_token").asString())
                .send()
                .json();
        assertThat(me.path("org").asString()).isEqualTo(other);
        // the refresh token stays in the new org
        Api.Response refreshed = api.post("/api/v1/auth/refresh")
                .body(Map.of(
                        "refresh_token", switched.json().path("refresh_token").asString()))
                .send();
        assertThat(claims(refreshed.json().path("access_token").asString())
                        .path("org")
                        .asString())
                .isEqualTo(other);
        List<JsonNode> events = audit("action=auth.switch_org&outcome=success&actor=" + user);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.path("org").asString()).isEqualTo(other);
            assertThat(e.path("details").path("from_org").asString()).isEqualTo(home);
            assertThat(e.path("details").path("role").asString()).isEqualTo("operator");
        });

        // not a member: 403, audited, no tokens
        Api.Response refused = api.post("/api/v1/auth/switch-org")
                .token(access)
                .body(Map.of("org", foreign))
                .send();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.problemType()).isEqualTo("https://shopwatch.io/problems/forbidden");
        assertThat(refused.json().has("access_token")).isFalse();
        assertThat(audit("action=auth.switch_org&outcome=denied&actor=" + user))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.path("details").path("reason").asString()).isEqualTo("no_access_to_org"));
    }

    @Test
    void switchOrg_needsAnAccessTokenAndAnOrg() {
        assertThat(api.post("/api/v1/auth/switch-org")
                        .body(Map.of("org", "default"))
                        .send()
                        .status())
                .isEqualTo(401);
        assertThat(api.post("/api/v1/auth/switch-org")
                        .token(adminToken())
                        .body(Map.of("org", ""))
                        .send()
                        .status())
                .isEqualTo(400);
    }

    @Test
    void login_answersBearerTokensWithTheContractClaims() {
        Api.Response response = loginResponse(ADMIN, ADMIN_PASSWORD, null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        JsonNode body = response.json();
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(300);
        assertThat(body.path("refresh_token").asString()).startsWith("swr_");
        String token = body.path("access_token").asString();
        JsonNode header = jwtHeader(token);
        assertThat(header.path("alg").asString()).isEqualTo("RS256");
        assertThat(header.path("kid").asString()).isNotBlank();
        JsonNode claims = claims(token);
        assertThat(claims.path("sub").asString()).isEqualTo(ADMIN);
        assertThat(claims.path("org").asString()).isEqualTo("default");
        assertThat(claims.path("roles").get(0).asString()).isEqualTo("admin");
        assertThat(claims.path("kind").asString()).isEqualTo("user");
        assertThat(claims.path("platform_admin").asBoolean()).isTrue();
        assertThat(claims.path("iss").asString()).isEqualTo("shopwatch-auth");
        assertThat(claims.path("aud").toString()).contains("shopwatch");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
        assertThat(claims.path("jti").asString()).isNotBlank();
    }

    @Test
    void login_wrongPassword_is401ProblemAndAudited() {
        String org = unique("login-org");
        createOrg(org);
        String user = unique("wrong-pw");
        createUser(adminToken(), org, user, "viewer");

        Api.Response response = loginResponse(user, "Not-The-Password-1", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.problemType()).isEqualTo("https://shopwatch.io/problems/unauthorized");
        assertThat(response.json().path("detail").asString()).isEqualTo("invalid user name or password");
        List<JsonNode> events = audit("action=auth.login&outcome=failure&actor=" + user);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("org").asString()).isEqualTo(org);
        assertThat(events.get(0).path("details").path("reason").asString()).isEqualTo("bad_credentials");
        assertThat(events.get(0).path("ip").asString()).startsWith("10.");
    }

    @Test
    void login_unknownUser_answersExactlyLikeAWrongPassword() {
        Api.Response unknown = loginResponse(unique("nobody"), "Whatever-Pass-12", null);
        Api.Response wrong = loginResponse(ADMIN, "Whatever-Pass-12", null);

        assertThat(unknown.status()).isEqualTo(wrong.status()).isEqualTo(401);
        assertThat(unknown.json().path("detail")).isEqualTo(wrong.json().path("detail"));
    }

    @Test
    void login_success_isAudited() {
        String org = unique("audited");
        createOrg(org);
        String user = unique("audited-user");
        createUser(adminToken(), org, user, "operator");

        login(user, PASSWORD);

        List<JsonNode> events = audit("action=auth.login&outcome=success&actor=" + user);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("org").asString()).isEqualTo(org);
        assertThat(events.get(0).path("details").path("role").asString()).isEqualTo("operator");
    }

    @Test
    void refresh_answersNewTokens_andTheOldRefreshTokenStopsWorking() {
        JsonNode first = tokens(ADMIN, ADMIN_PASSWORD);
        String refresh = first.path("refresh_token").asString();

        Api.Response refreshed = api.post("/api/v1/auth/refresh")
                .body(Map.of("refresh_token", refresh))
                .send();

        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        String newRefresh = refreshed.json().path("refresh_token").asString();
        assertThat(newRefresh).isNotEqualTo(refresh);
        String access = refreshed.json().path("access_token").asString();
        assertThat(api.get("/api/v1/auth/me").token(access).send().status()).isEqualTo(200);
        assertThat(api.post("/api/v1/auth/refresh")
                        .body(Map.of("refresh_token", newRefresh))
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void refresh_reuseOfARotatedToken_revokesTheWholeLogin() {
        String org = unique("reuse");
        createOrg(org);
        String user = unique("reuse-user");
        createUser(adminToken(), org, user, "viewer");
        String stolen = tokens(user, PASSWORD).path("refresh_token").asString();
        String legitimate = api.post("/api/v1/auth/refresh")
                .body(Map.of("refresh_token", stolen))
                .send()
                .json()
                .path("refresh_token")
                .asString();

        Api.Response replay = api.post("/api/v1/auth/refresh")
                .body(Map.of("refresh_token", stolen))
                .send();

        assertThat(replay.status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh")
                        .body(Map.of("refresh_token", legitimate))
                        .send()
                        .status())
                .as("the family is revoked, so the legitimate holder must log in again")
                .isEqualTo(401);
        List<JsonNode> events = audit("action=auth.refresh_reuse&actor=" + user);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("org").asString()).isEqualTo(org);
    }

    @Test
    void logout_revokesTheRefreshToken_andIsAudited() {
        String org = unique("logout");
        createOrg(org);
        String user = unique("logout-user");
        createUser(adminToken(), org, user, "viewer");
        String refresh = tokens(user, PASSWORD).path("refresh_token").asString();

        Api.Response logout = api.post("/api/v1/auth/logout")
                .body(Map.of("refresh_token", refresh))
                .send();

        assertThat(logout.status()).isEqualTo(204);
        Api.Response refreshed = api.post("/api/v1/auth/refresh")
                .body(Map.of("refresh_token", refresh))
                .send();
        assertThat(refreshed.status()).isEqualTo(401);
        assertThat(refreshed.problemType()).isEqualTo("https://shopwatch.io/problems/unauthorized");
        assertThat(audit("action=auth.logout&actor=" + user)).hasSize(1);
        assertThat(audit("action=auth.refresh&outcome=failure&actor=" + user))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.path("details").path("reason").asString()).isEqualTo("revoked_logout"));
    }

    @Test
    void refresh_withAnUnknownToken_is401() {
        Api.Response response = api.post("/api/v1/auth/refresh")
                .body(Map.of("refresh_token", "swr_not-a-real-token"))
                .send();

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void me_showsTheIdentityAndEveryMembership() {
        Api.Response me = api.get("/api/v1/auth/me").token(adminToken()).send();

        assertThat(me.status()).isEqualTo(200);
        JsonNode body = me.json();
        assertThat(body.path("subject").asString()).isEqualTo(ADMIN);
        assertThat(body.path("org").asString()).isEqualTo("default");
        assertThat(body.path("kind").asString()).isEqualTo("user");
        assertThat(body.path("platform_admin").asBoolean()).isTrue();
        assertThat(body.path("orgs").toString()).contains("\"org\":\"default\"", "\"role\":\"admin\"");
    }

    @Test
    void login_withOrg_letsAPlatformAdminActInAnyOrg_butNotOthers() {
        String org = unique("switch");
        createOrg(org);
        String user = unique("switch-user");
        createUser(adminToken(), org, user, "admin");

        Api.Response platform = loginResponse(ADMIN, ADMIN_PASSWORD, org);
        Api.Response orgAdmin = loginResponse(user, PASSWORD, "default");

        assertThat(platform.status()).isEqualTo(200);
        assertThat(claims(platform.json().path("access_token").asString())
                        .path("org")
                        .asString())
                .isEqualTo(org);
        assertThat(orgAdmin.status()).isEqualTo(403);
        assertThat(orgAdmin.problemType()).isEqualTo("https://shopwatch.io/problems/forbidden");
    }

    @Test
    void passwordChange_needsTheCurrentPassword_andEndsEverySession() {
        String org = unique("pw");
        createOrg(org);
        String user = unique("pw-user");
        createUser(adminToken(), org, user, "viewer");
        JsonNode session = tokens(user, PASSWORD);
        String token = session.path("access_token").asString();

        Api.Response wrongCurrent = api.post("/api/v1/auth/password")
                .token(token)
                .from(freshIp())
                .body(Map.of("current_password", "Not-The-Password-1", "new_password", "Another-Good-Phrase-7"))
                .send();
        Api.Response weak = api.post("/api/v1/auth/password")
                .token(token)
                .from(freshIp())
                .body(Map.of("current_password", PASSWORD, "new_password", "short"))
                .send();
        Api.Response changed = api.post("/api/v1/auth/password")
                .token(token)
                .from(freshIp())
                .body(Map.of("current_password", PASSWORD, "new_password", "Another-Good-Phrase-7"))
                .send();

        assertThat(wrongCurrent.status()).isEqualTo(403);
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.json().path("detail").asString()).contains("at least 12 characters");
        assertThat(changed.status()).isEqualTo(204);
        assertThat(loginResponse(user, PASSWORD, null).status()).isEqualTo(401);
        assertThat(loginResponse(user, "Another-Good-Phrase-7", null).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/auth/refresh")
                        .body(Map.of(
                                "refresh_token", session.path("refresh_token").asString()))
                        .send()
                        .status())
                .isEqualTo(401);
        assertThat(audit("action=auth.password_change&actor=" + user)).hasSize(1);
    }

    @Test
    void passwordChange_ofTheBootstrapAdmin_isRefused() {
        Api.Response response = api.post("/api/v1/auth/password")
                .token(adminToken())
                .body(Map.of("current_password", ADMIN_PASSWORD, "new_password", "Another-Good-Phrase-7"))
                .send();

        assertThat(response.status()).isEqualTo(409);
    }
}
