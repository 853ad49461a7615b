package io.shopwatch.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.auth.support.Api;
import io.shopwatch.auth.support.IntegrationTestBase;
import io.shopwatch.auth.support.TestDatabase;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Rotation never logs anybody out; keys leave the JWK set once their tokens expired; private keys are encrypted. */
class KeyRotationIT extends IntegrationTestBase {

    @Autowired
    SigningKeys keys;

    @Test
    void rotate_newTokensUseTheNewKey_oldTokensStayValid_bothArePublished() {
        String before = adminToken();
        String oldKid = jwtHeader(before).path("kid").asString();

        Api.Response rotated =
                api.post("/api/v1/auth/keys/rotate").token(before).send();

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String after = login(ADMIN, ADMIN_PASSWORD);
        String newKid = jwtHeader(after).path("kid").asString();
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(api.get("/api/v1/auth/me").token(before).send().status())
                .as("a token signed before the rotation still works")
                .isEqualTo(200);
        assertThat(api.get("/api/v1/auth/me").token(after).send().status()).isEqualTo(200);
        assertThat(jwksKids()).contains(oldKid, newKid);
        JsonNode list = api.get("/api/v1/auth/keys").token(after).send().json();
        assertThat(list.path("data").get(0).path("kid").asString()).isEqualTo(newKid);
        assertThat(list.path("data").get(0).path("status").asString()).isEqualTo("signing");
        assertThat(list.toString()).contains("\"published\"");
        assertThat(audit("action=key.rotate&actor=" + ADMIN))
                .anySatisfy(e -> assertThat(e.path("target").asString()).isEqualTo(newKid));
    }

    @Test
    void retiredKey_leavesTheJwksOnceItsTokensExpired() {
        String before = login(ADMIN, ADMIN_PASSWORD);
        String oldKid = jwtHeader(before).path("kid").asString();
        api.post("/api/v1/auth/keys/rotate").token(before).send();

        clock.advance(Duration.ofMinutes(5).plusSeconds(31));

        assertThat(jwksKids()).doesNotContain(oldKid);
        assertThat(api.get("/api/v1/auth/me").token(before).send().status()).isEqualTo(401);
        keys.deleteExpired();
        assertThat(keys.all()).extracting(SigningKey::kid).doesNotContain(oldKid);
    }

    @Test
    void scheduledRotation_replacesAKeyOlderThanTheInterval() {
        String kid = keys.active().kid();
        assertThat(keys.rotateIfDue()).as("a fresh key is not rotated").isFalse();

        clock.advance(Duration.ofDays(30));

        assertThat(keys.rotateIfDue()).isTrue();
        assertThat(keys.active().kid()).isNotEqualTo(kid);
        assertThat(audit("action=key.rotate&actor=scheduler")).isNotEmpty();
    }

    @Test
    void rotation_andTheKeyList_areForPlatformAdministratorsOnly() {
        String org = unique("rot");
        createOrg(org);
        String orgAdmin = unique("rot-admin");
        createUser(adminToken(), org, orgAdmin, "admin");
        String token = login(orgAdmin, PASSWORD);

        Api.Response rotate = api.post("/api/v1/auth/keys/rotate").token(token).send();
        Api.Response list = api.get("/api/v1/auth/keys").token(token).send();

        assertThat(rotate.status()).isEqualTo(403);
        assertThat(rotate.problemType()).isEqualTo("https://shopwatch.io/problems/forbidden");
        assertThat(list.status()).isEqualTo(403);
        assertThat(audit("action=request.denied&actor=" + orgAdmin))
                .extracting(e -> e.path("details").path("reason").asString())
                .containsOnly("platform_admin_required");
    }

    @Test
    void privateKeys_areEncryptedAtRest_withTheConfiguredSecret() throws Exception {
        record Stored(String kid, byte[] sealed) {}
        List<Stored> stored = jdbc.sql("SELECT kid, private_key FROM signing_keys")
                .query((rs, i) -> new Stored(rs.getString(1), rs.getBytes(2)))
                .list();

        assertThat(stored).isNotEmpty();
        KeyEncryptor right = new KeyEncryptor(TestDatabase.SECRET_KEY);
        KeyEncryptor wrong = new KeyEncryptor("another-secret-key-of-32-characters!!");
        for (Stored key : stored) {
            assertThatThrownBy(
                            () -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(key.sealed())))
                    .as("what is stored is not a readable private key")
                    .isNotNull();
            byte[] pkcs8 = right.decrypt(key.sealed(), key.kid());
            assertThat(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)))
                    .isNotNull();
            assertThatThrownBy(() -> wrong.decrypt(key.sealed(), key.kid()))
                    .isInstanceOf(KeyEncryptor.KeyDecryptionException.class);
        }
    }

    private List<String> jwksKids() {
        List<String> kids = new ArrayList<>();
        api.get("/.well-known/jwks.json")
                .send()
                .json()
                .path("keys")
                .forEach(k -> kids.add(k.path("kid").asString()));
        return kids;
    }
}
