package io.shopwatch.auth.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.auth.support.Api;
import io.shopwatch.auth.support.IntegrationTestBase;
import io.shopwatch.auth.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** API keys: created once, stored as a hash, verified by the gateway's internal endpoint, revoked at once. */
class ApiKeyIT extends IntegrationTestBase {

    private String org;
    private String orgAdminToken;

    @BeforeEach
    void orgWithAdmin() {
        org = unique("keys");
        createOrg(org);
        String admin = unique("keys-admin");
        createUser(adminToken(), org, admin, "admin");
        orgAdminToken = login(admin, PASSWORD);
    }

    @Test
    void create_showsTheKeyOnce_listShowsNoSecret_databaseHoldsOnlyAHash() throws Exception {
        Api.Response created = api.post("/api/v1/orgs/" + org + "/api-keys")
                .token(orgAdminToken)
                .body(Map.of("name", "checkout", "role", "ingest"))
                .send();

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        String key = body.path("key").asString();
        String id = body.path("id").asString();
        assertThat(key).startsWith("swk_" + id + "_");
        assertThat(created.header("Location")).endsWith("/api/v1/orgs/" + org + "/api-keys/" + id);
        Api.Response list = api.get("/api/v1/orgs/" + org + "/api-keys")
                .token(orgAdminToken)
                .send();
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(key).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
        assertThat(list.json().path("data").get(0).path("status").asString()).isEqualTo("active");
        byte[] stored = jdbc.sql("SELECT secret_hash FROM api_keys WHERE id = ?")
                .param(id)
                .query(byte[].class)
                .single();
        String secret = key.substring(("swk_" + id + "_").length());
        assertThat(stored)
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        String row = jdbc.sql("SELECT row_to_json(k)::text FROM api_keys k WHERE id = ?")
                .param(id)
                .query(String.class)
                .single();
        assertThat(row).doesNotContain(secret);
        assertThat(audit("action=apikey.create&org=" + org))
                .singleElement()
                .satisfies(e -> assertThat(e.path("target").asString()).isEqualTo(id));
    }

    @Test
    void verify_givesTheGatewayTheIdentityAndAShortLivedToken() {
        String key = createApiKey(orgAdminToken, org, "storefront", "ingest");

        Api.Response verified = verify(key, TestDatabase.INTERNAL_SECRET);

        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        JsonNode body = verified.json();
        assertThat(body.path("org").asString()).isEqualTo(org);
        assertThat(body.path("roles").get(0).asString()).isEqualTo("ingest");
        assertThat(body.path("kind").asString()).isEqualTo("api_key");
        assertThat(body.path("subject").asString())
                .isEqualTo("apikey:" + body.path("key_id").asString());
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(60);
        assertThat(body.path("cache_ttl_seconds").asLong()).isEqualTo(10);
        String token = body.path("access_token").asString();
        JsonNode claims = claims(token);
        assertThat(claims.path("org").asString()).isEqualTo(org);
        assertThat(claims.path("kind").asString()).isEqualTo("api_key");
        assertThat(claims.has("platform_admin")).isFalse();
        Api.Response me = api.get("/api/v1/auth/me").token(token).send();
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("subject").asString()).startsWith("apikey:");
    }

    @Test
    void key_isAcceptedAsXApiKeyAndAsBearer() {
        String key = createApiKey(orgAdminToken, org, "machine", "viewer");

        Api.Response header =
                api.get("/api/v1/auth/me").header("X-API-Key", key).send();
        Api.Response bearer = api.get("/api/v1/auth/me").token(key).send();

        assertThat(header.status()).isEqualTo(200);
        assertThat(header.json().path("org").asString()).isEqualTo(org);
        assertThat(header.json().path("roles").get(0).asString()).isEqualTo("viewer");
        assertThat(bearer.status()).isEqualTo(200);
    }

    @Test
    void verify_needsTheInternalSecret() {
        String key = createApiKey(orgAdminToken, org, "secretless", "ingest");
        String ip = freshIp();

        Api.Response missing = api.post("/internal/v1/api-keys/verify")
                .from(ip)
                .body(Map.of("key", key))
                .send();
        Api.Response wrong = verify(key, "not-the-secret");
        Api.Response withUserToken = api.post("/internal/v1/api-keys/verify")
                .token(adminToken())
                .body(Map.of("key", key))
                .send();

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.problemType()).isEqualTo("https://shopwatch.io/problems/unauthorized");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(withUserToken.status())
                .as("a platform admin's token is no internal secret")
                .isEqualTo(401);
        assertThat(audit("action=request.denied"))
                .filteredOn(e -> ip.equals(e.path("ip").asString()))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.path("details").path("reason").asString()).isEqualTo("internal_secret_missing"));
    }

    @Test
    void revoke_takesEffectAtOnce_andIsAudited() {
        Api.Response created = api.post("/api/v1/orgs/" + org + "/api-keys")
                .token(orgAdminToken)
                .body(Map.of("name", "to-revoke", "role", "ingest"))
                .send();
        String key = created.json().path("key").asString();
        String id = created.json().path("id").asString();
        assertThat(verify(key, TestDatabase.INTERNAL_SECRET).status()).isEqualTo(200);

        Api.Response revoked = api.delete("/api/v1/orgs/" + org + "/api-keys/" + id)
                .token(orgAdminToken)
                .send();

        assertThat(revoked.status()).isEqualTo(204);
        Api.Response after = verify(key, TestDatabase.INTERNAL_SECRET);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.problemType()).isEqualTo("https://shopwatch.io/problems/unauthorized");
        assertThat(api.get("/api/v1/auth/me").header("X-API-Key", key).send().status())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/orgs/" + org + "/api-keys?include_revoked=true")
                        .token(orgAdminToken)
                        .send()
                        .json()
                        .path("data")
                        .get(0)
                        .path("status")
                        .asString())
                .isEqualTo("revoked");
        assertThat(audit("action=apikey.revoke&org=" + org)).hasSize(1);
        assertThat(audit("action=apikey.verify&outcome=failure&org=" + org))
                .extracting(e -> e.path("details").path("reason").asString())
                .contains("revoked");
    }

    @Test
    void expiredKey_isRefused_andItsTokenNeverOutlivesIt() {
        Instant expiry = clock.instant().plus(Duration.ofSeconds(40));
        String expires = expiry.toString();
        Api.Response created = api.post("/api/v1/orgs/" + org + "/api-keys")
                .token(orgAdminToken)
                .body(Map.of("name", "short-lived", "role", "ingest", "expires_at", expires))
                .send();
        String key = created.json().path("key").asString();

        Api.Response early = verify(key, TestDatabase.INTERNAL_SECRET);
        clock.advance(Duration.ofSeconds(41));
        Api.Response late = verify(key, TestDatabase.INTERNAL_SECRET);

        assertThat(early.status()).isEqualTo(200);
        assertThat(early.json().path("expires_in").asLong()).isBetween(39L, 40L);
        assertThat(claims(early.json().path("access_token").asString())
                        .path("exp")
                        .asLong())
                .isLessThanOrEqualTo(expiry.getEpochSecond());
        assertThat(late.status()).isEqualTo(401);
    }

    @Test
    void unknownAndMalformedKeys_areRefused_andAudited() {
        String key = createApiKey(orgAdminToken, org, "real", "ingest");
        String wrongSecret = key.substring(0, key.length() - 4) + "AAAA";

        assertThat(verify("swk_aaaaaaaaaaaa_" + "A".repeat(43), TestDatabase.INTERNAL_SECRET)
                        .status())
                .isEqualTo(401);
        assertThat(verify("not-a-key", TestDatabase.INTERNAL_SECRET).status()).isEqualTo(401);
        assertThat(verify(wrongSecret, TestDatabase.INTERNAL_SECRET).status()).isEqualTo(401);
        assertThat(audit("action=apikey.verify&outcome=failure&org=" + org))
                .extracting(e -> e.path("details").path("reason").asString())
                .contains("wrong_secret");
    }

    @Test
    void create_refusesAdminKeys_badNames_pastExpiry_andDuplicates() {
        String past = clock.instant().minusSeconds(1).toString();

        assertThat(createStatus(Map.of("name", "admin-key", "role", "admin"))).isEqualTo(400);
        assertThat(createStatus(Map.of("name", "bad/name", "role", "ingest"))).isEqualTo(400);
        assertThat(createStatus(Map.of("name", "no-role", "role", "root"))).isEqualTo(400);
        assertThat(createStatus(Map.of("name", "past", "role", "ingest", "expires_at", past)))
                .isEqualTo(400);
        assertThat(createStatus(Map.of("name", "twice", "role", "ingest"))).isEqualTo(201);
        assertThat(createStatus(Map.of("name", "twice", "role", "ingest"))).isEqualTo(409);
    }

    @Test
    void revoke_ofAnotherOrgsKeyId_isNotFound() {
        String other = unique("keys-other");
        createOrg(other);
        Api.Response foreign = api.post("/api/v1/orgs/" + other + "/api-keys")
                .token(adminToken())
                .body(Map.of("name", "theirs", "role", "ingest"))
                .send();
        String foreignId = foreign.json().path("id").asString();

        Api.Response response = api.delete("/api/v1/orgs/" + org + "/api-keys/" + foreignId)
                .token(orgAdminToken)
                .send();

        assertThat(response.status()).isEqualTo(404);
        assertThat(verify(foreign.json().path("key").asString(), TestDatabase.INTERNAL_SECRET)
                        .status())
                .isEqualTo(200);
    }

    private int createStatus(Map<String, Object> body) {
        return api.post("/api/v1/orgs/" + org + "/api-keys")
                .token(orgAdminToken)
                .body(body)
                .send()
                .status();
    }

    private Api.Response verify(String key, String secret) {
        return api.post("/internal/v1/api-keys/verify")
                .header("X-ShopWatch-Internal-Secret", secret)
                .body(Map.of("key", key))
                .send();
    }
}
