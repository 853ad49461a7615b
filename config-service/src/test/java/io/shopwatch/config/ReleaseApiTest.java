package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.config.ConfigApi.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Drafts, publish, releases, diff, rollback and the config protocol, through HTTP. */
class ReleaseApiTest extends ConfigServiceIntegrationTest {

    private static final String ORG = "shop-a";

    @Test
    void publish_createsAnImmutableReleaseServedByTheConfigProtocol() {
        Answer published = api.draftAndPublish(
                "orders",
                "prod",
                operator(ORG),
                "{\"orders\":{\"sampling-rate\":0.5,\"name\":\"o\"},\"feature.enabled\":true}",
                "first cut");

        assertThat(published.status()).as(published.body()).isEqualTo(201);
        JsonNode release = published.json();
        assertThat(release.path("id").asLong()).isPositive();
        assertThat(release.path("sha256").asString()).hasSize(64);
        assertThat(release.path("author").asString()).isEqualTo("operator@" + ORG);
        assertThat(release.path("reason").asString()).isEqualTo("first cut");
        assertThat(release.path("created_at").asString()).isNotBlank();

        Answer env = api.get("/orders/prod", viewer(ORG));
        assertThat(env.status()).as(env.body()).isEqualTo(200);
        JsonNode source = env.json().path("propertySources").get(0).path("source");
        assertThat(source.path("orders.sampling-rate").asDouble()).isEqualTo(0.5);
        assertThat(source.path("orders.name").asString()).isEqualTo("o");
        assertThat(source.path("feature.enabled").asBoolean()).isTrue();
        assertThat(env.json().path("version").asString())
                .isEqualTo(release.path("id").asString());
    }

    @Test
    void rollback_putsAnEarlierReleaseBackInForce_andKeepsHistory() {
        String token = operator(ORG);
        long first = api.draftAndPublish("billing", "prod", token, "{\"rate\":0.1,\"gone\":\"x\"}", "r1")
                .json()
                .path("id")
                .asLong();
        long second = api.draftAndPublish("billing", "prod", token, "{\"rate\":0.9,\"new\":1}", "r2")
                .json()
                .path("id")
                .asLong();
        assertThat(protocolValue("billing", "prod", "rate").asDouble()).isEqualTo(0.9);

        Answer diff = api.get("/api/v1/config/billing/prod/diff?from=" + first + "&to=" + second, viewer(ORG));
        assertThat(diff.status()).as(diff.body()).isEqualTo(200);
        assertThat(diff.json().path("added").path("new").asInt()).isEqualTo(1);
        assertThat(diff.json().path("removed").path("gone").asString()).isEqualTo("x");
        assertThat(diff.json().path("changed").path("rate").path("from").asDouble())
                .isEqualTo(0.1);
        assertThat(diff.json().path("changed").path("rate").path("to").asDouble())
                .isEqualTo(0.9);

        Answer rollback = api.post(
                "/api/v1/config/billing/prod/rollback", token, "{\"release\":" + first + ",\"reason\":\"bad rate\"}");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
        assertThat(protocolValue("billing", "prod", "rate").asDouble()).isEqualTo(0.1);

        JsonNode releases =
                api.get("/api/v1/config/billing/prod/releases", viewer(ORG)).json();
        assertThat(releases).hasSize(2);
        assertThat(releases.get(0).path("id").asLong()).isEqualTo(second);
        assertThat(releases.get(0).path("in_force").asBoolean()).isFalse();
        assertThat(releases.get(1).path("in_force").asBoolean()).isTrue();

        JsonNode history =
                api.get("/api/v1/config/billing/prod/history", viewer(ORG)).json();
        assertThat(history.get(0).path("operation").asString()).isEqualTo("ROLLBACK");
        assertThat(history.get(0).path("from_release").asLong()).isEqualTo(second);
        assertThat(history.get(0).path("to_release").asLong()).isEqualTo(first);
        assertThat(history.get(0).path("reason").asString()).isEqualTo("bad rate");

        Answer again = api.post("/api/v1/config/billing/prod/rollback", token, "{\"release\":" + first + "}");
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void label_pinsARelease_andAnUnknownLabelIs404() {
        String token = operator(ORG);
        long first = api.draftAndPublish("pinned", "default", token, "{\"v\":1}", "one")
                .json()
                .path("id")
                .asLong();
        api.draftAndPublish("pinned", "default", token, "{\"v\":2}", "two");

        assertThat(api.get("/pinned/default/main", viewer(ORG))
                        .json()
                        .path("propertySources")
                        .get(0)
                        .path("source")
                        .path("v")
                        .asInt())
                .isEqualTo(2);
        assertThat(api.get("/pinned/default/" + first, viewer(ORG))
                        .json()
                        .path("propertySources")
                        .get(0)
                        .path("source")
                        .path("v")
                        .asInt())
                .isEqualTo(1);
        Answer unknown = api.get("/pinned/default/no-such-label", viewer(ORG));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    @Test
    void laterProfileWins_inAProfileList() {
        String token = operator(ORG);
        api.draftAndPublish("layered", "prod", token, "{\"a\":\"prod\",\"b\":\"prod\"}", "base");
        api.draftAndPublish("layered", "canary", token, "{\"a\":\"canary\"}", "overlay");

        JsonNode sources = api.get("/layered/prod,canary", viewer(ORG)).json().path("propertySources");
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0).path("name").asString()).contains("layered-canary");
        assertThat(sources.get(0).path("source").path("a").asString()).isEqualTo("canary");
    }

    @Test
    void viewerReads_butMayNotEditOrPublish() {
        api.draftAndPublish("roles", "prod", operator(ORG), "{\"x\":1}", "ok");

        assertThat(api.get("/api/v1/config/roles/prod/releases", viewer(ORG)).status())
                .isEqualTo(200);
        assertThat(api.put("/api/v1/config/roles/prod/draft", viewer(ORG), "{\"x\":2}")
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/config/roles/prod/publish", viewer(ORG), "{\"reason\":\"r\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/config/roles/prod/releases", null).status()).isEqualTo(401);
    }

    @Test
    void anotherOrg_seesNoneOfIt() {
        long id = api.draftAndPublish("scoped", "prod", operator(ORG), "{\"x\":1}", "mine")
                .json()
                .path("id")
                .asLong();

        assertThat(api.get("/api/v1/config/scoped/prod/releases", viewer("shop-b"))
                        .json())
                .isEmpty();
        assertThat(api.get("/api/v1/config/scoped/prod/releases/" + id, viewer("shop-b"))
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/scoped/prod", viewer("shop-b")).json().path("propertySources"))
                .isEmpty();
        assertThat(api.get("/scoped/prod/" + id, viewer("shop-b")).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/config/scoped/prod/rollback", operator("shop-b"), "{\"release\":" + id + "}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void publishWithoutDraftOrReason_isRefused() {
        assertThat(api.post("/api/v1/config/nodraft/prod/publish", operator(ORG), "{\"reason\":\"r\"}")
                        .status())
                .isEqualTo(404);
        api.put("/api/v1/config/noreason/prod/draft", operator(ORG), "{\"x\":1}");
        Answer noReason = api.post("/api/v1/config/noreason/prod/publish", operator(ORG), "{}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(api.put("/api/v1/config/noreason/prod/draft", operator(ORG), "[1,2]")
                        .status())
                .isEqualTo(400);
        assertThat(api.put("/api/v1/config/noreason/prod/draft", operator(ORG), "{\"x\":null}")
                        .status())
                .isEqualTo(400);
    }

    private JsonNode protocolValue(String app, String profile, String key) {
        Answer env = api.get("/" + app + "/" + profile, viewer(ORG));
        assertThat(env.status()).as(env.body()).isEqualTo(200);
        return env.json().path("propertySources").get(0).path("source").path(key);
    }
}
