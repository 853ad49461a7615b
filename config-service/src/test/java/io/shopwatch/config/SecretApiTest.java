package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.startup.InsecureConfigurationException;
import io.shopwatch.config.ConfigApi.Answer;
import io.shopwatch.testkit.StartupRefusal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** {@code {cipher}} secrets: encrypted at rest, masked by the API, in clear only to services on the config protocol. */
class SecretApiTest extends ConfigServiceIntegrationTest {

    private static final String ORG = "shop-s";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void secrets_areEncryptedAtRest_maskedByTheApi_andClearOnlyToServices() {
        String token = operator(ORG);
        Answer published = api.draftAndPublish(
                "vault", "prod", token, "{\"o2.password\":\"{cipher}s3cret-pw\",\"o2.user\":\"ingest\"}", "secrets");
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        long first = published.json().path("id").asLong();

        assertThat(jdbc.queryForList("SELECT properties FROM config_draft WHERE org = ?", String.class, ORG))
                .singleElement()
                .satisfies(row -> assertThat(row).doesNotContain("s3cret").contains("{cipher}"));
        assertThat(jdbc.queryForList("SELECT properties FROM config_release WHERE org = ?", String.class, ORG))
                .allSatisfy(row -> assertThat(row).doesNotContain("s3cret"));

        assertThat(api.get("/api/v1/config/vault/prod/draft", viewer(ORG)).body())
                .doesNotContain("s3cret")
                .contains("{cipher}******");
        assertThat(api.get("/api/v1/config/vault/prod/releases/" + first, viewer(ORG))
                        .body())
                .doesNotContain("s3cret");
        assertThat(source(viewer(ORG)).path("o2.password").asString()).isEqualTo("{cipher}******");
        assertThat(source(service(ORG)).path("o2.password").asString()).isEqualTo("s3cret-pw");

        // the mask sent back keeps the secret; a new clear value replaces it
        long kept = api.draftAndPublish(
                        "vault", "prod", token, "{\"o2.password\":\"{cipher}******\",\"o2.user\":\"other\"}", "keep")
                .json()
                .path("id")
                .asLong();
        assertThat(source(service(ORG)).path("o2.password").asString()).isEqualTo("s3cret-pw");
        JsonNode diff = api.get("/api/v1/config/vault/prod/diff?from=" + first + "&to=" + kept, viewer(ORG))
                .json();
        assertThat(diff.path("changed").has("o2.password")).isFalse();

        long replaced = api.draftAndPublish("vault", "prod", token, "{\"o2.password\":\"{cipher}new-pw\"}", "rotate")
                .json()
                .path("id")
                .asLong();
        Answer rotated = api.get("/api/v1/config/vault/prod/diff?from=" + kept + "&to=" + replaced, viewer(ORG));
        assertThat(rotated.body()).doesNotContain("new-pw").doesNotContain("s3cret");
        assertThat(rotated.json().path("changed").path("o2.password").path("to").asString())
                .isEqualTo("{cipher}******");
        assertThat(source(service(ORG)).path("o2.password").asString()).isEqualTo("new-pw");
    }

    @Test
    void maskWithoutAStoredSecret_isRefused() {
        Answer answer = api.put("/api/v1/config/nothing-kept/prod/draft", operator(ORG), "{\"p\":\"{cipher}******\"}");
        assertThat(answer.status()).isEqualTo(400);
    }

    @Test
    void developmentKey_isRefusedOutsideDevMode() {
        InsecureConfigurationException refused = StartupRefusal.of(ConfigServiceApplication.class);
        assertThat(refused.problems()).anySatisfy(p -> assertThat(p).contains("CONFIG_ENCRYPTION_KEY"));
    }

    private JsonNode source(String token) {
        Answer env = api.get("/vault/prod", token);
        assertThat(env.status()).as(env.body()).isEqualTo(200);
        return env.json().path("propertySources").get(0).path("source");
    }
}
