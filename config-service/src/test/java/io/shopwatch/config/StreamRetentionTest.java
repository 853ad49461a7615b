package io.shopwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shopwatch.common.openobserve.OpenObserveClient;
import io.shopwatch.common.openobserve.StreamType;
import io.shopwatch.config.ConfigApi.Answer;
import io.shopwatch.config.retention.StreamRetention;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The store's stream retention as configuration: a publish of {@code stream-retention/default} changes the streams'
 * {@code data_retention} in a real store (the embedded one, OpenObserve's stream settings API), a key dropped by the
 * next release hands its stream back to the global retention, a rollback puts the earlier values back, a stream created
 * after the publish gets its value on the next pass, and invalid values are refused at publish with the key named.
 */
class StreamRetentionTest extends ConfigServiceIntegrationTest {

    private static final String ORG = "shop-retention";

    @Test
    void publish_changesTheStoresStreamSettings_rollbackPutsThemBack() {
        OpenObserveClient store = TestStore.client().forOrg(ORG);
        create(store, "orders");
        create(store, "payments");
        String token = operator(ORG);

        long first = published(api.draftAndPublish(
                StreamRetention.APPLICATION,
                "default",
                token,
                "{\"retention.logs.orders\":7,\"retention.logs.later\":3}",
                "keep orders a week"));
        await().atMost(Duration.ofSeconds(30)).until(() -> retention(store, "orders") == 7);
        assertThat(retention(store, "payments")).isZero();

        published(api.draftAndPublish(
                StreamRetention.APPLICATION, "default", token, "{\"retention.logs.payments\":14}", "payments instead"));
        await().atMost(Duration.ofSeconds(30)).until(() -> retention(store, "payments") == 14);
        await().atMost(Duration.ofSeconds(30)).until(() -> retention(store, "orders") == 0);

        Answer rollback = api.post(
                "/api/v1/config/" + StreamRetention.APPLICATION + "/default/rollback",
                token,
                "{\"release\":" + first + ",\"reason\":\"back\"}");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> retention(store, "orders") == 7);
        await().atMost(Duration.ofSeconds(30)).until(() -> retention(store, "payments") == 0);

        // a stream the release names that did not exist yet gets its value once it does (the periodic pass)
        create(store, "later");
        await().atMost(Duration.ofSeconds(30)).until(() -> retention(store, "later") == 3);
    }

    @Test
    void invalidPublish_isRefusedWithTheKeysNamed_andNothingIsApplied() {
        OpenObserveClient store = TestStore.client().forOrg(ORG + "-bad");
        create(store, "orders");

        Answer refused = api.draftAndPublish(
                StreamRetention.APPLICATION,
                "default",
                operator(ORG + "-bad"),
                "{\"retention.logs.orders\":0,\"retention.logs.bad-name\":5,\"retention.audit.orders\":3,"
                        + "\"retention.traces.spans\":\"a week\"}",
                "bad");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().path("errors").valueStream().map(e -> e.path("field")
                        .asString()))
                .containsExactlyInAnyOrder(
                        "retention.logs.orders",
                        "retention.logs.bad-name",
                        "retention.audit.orders",
                        "retention.traces.spans");
        assertThat(retention(store, "orders")).isZero();
    }

    private static void create(OpenObserveClient store, String stream) {
        assertThat(store.ingest(stream, List.of(Map.of("message", "hello"))).failed())
                .isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> retention(store, stream) >= 0);
    }

    private static long published(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().path("id").asLong();
    }

    private static int retention(OpenObserveClient store, String stream) {
        return store.stream(stream, StreamType.LOGS)
                .map(s -> ((Number) s.settings().getOrDefault("data_retention", 0)).intValue())
                .orElse(-1);
    }
}
