package io.shopwatch.logging.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.common.kafka.Topics;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/events}: per-type schemas, session keys, the vocabulary endpoints. */
@IngestIT
class EventIngestIT {

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    IngestHttp http;
    String session;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
        session = "s-" + UUID.randomUUID();
    }

    @Test
    void eventsAreCheckedAgainstTheirTypesSchema_aBadOrderIsRejectedWithTheSchemasReason() {
        String body = """
                [
                  {"type": "product_view", "session_id": "%1$s", "user_id": "u-7f3a",
                   "timestamp": "2026-11-25T10:00:00Z", "properties": {"product_id": "p-42", "price": 19.99,
                   "currency": "EUR"}},
                  {"type": "order_placed", "session_id": "%1$s", "properties": {"order_id": "o-1",
                   "currency": "EUR"}},
                  {"type": "order_placed", "session_id": "%1$s", "properties": {"order_id": "o-2",
                   "amount": 59.97, "currency": "eur"}},
                  {"type": "wishlist_add", "session_id": "%1$s", "properties": {"product_id": "p-42"}},
                  {"type": "Bad-Type", "session_id": "%1$s"},
                  {"type": "page_view", "session_id": "%1$s", "user_id": "jane@example.com",
                   "properties": {"url": "/"}},
                  {"type": "page_view", "properties": {"url": "/"}},
                  {"type": "add_to_cart", "session_id": "%1$s", "product_id": "p-42", "quantity": 3,
                   "price": 19.99, "currency": "EUR"}
                ]
                """.formatted(session);

        HttpResponse<String> response = http.postJson("/api/v1/events?results=all", body);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = IngestHttp.json(response);
        JsonNode results = answer.get("results");
        assertThat(answer.get("accepted").asInt()).as(answer.toString()).isEqualTo(3);
        assertThat(answer.get("rejected").asInt()).isEqualTo(5);
        assertThat(results.get(0).get("status").asString()).isEqualTo("accepted");
        assertThat(results.get(1).get("code").asString()).isEqualTo("schema");
        assertThat(results.get(1).get("reason").asString())
                .isEqualTo("order_placed: /properties: required property 'amount' not found");
        assertThat(results.get(2).get("reason").asString())
                .startsWith("order_placed: /properties/currency: does not match the regex pattern");
        assertThat(results.get(3).get("status").asString())
                .as("unknown types are accepted by default")
                .isEqualTo("accepted");
        assertThat(results.get(4).get("reason").asString()).startsWith("/type: must match");
        assertThat(results.get(5).get("reason").asString()).startsWith("/user_id: must be a pseudonymous id");
        assertThat(results.get(6).get("reason").asString()).contains("/session_id: must not be blank");
        assertThat(results.get(7).get("status").asString())
                .as("top-level properties move into properties before the schema check")
                .isEqualTo("accepted");

        List<ConsumerRecord<String, Envelope>> ours = TopicContents.matching(
                TopicContents.read(bootstrapServers, Topics.EVENTS_RAW), r -> session.equals(r.key()));
        assertThat(ours)
                .extracting(r -> r.value().payload().get("type").asString())
                .containsExactly("product_view", "wishlist_add", "add_to_cart");
        Envelope view = ours.get(0).value();
        assertThat(view.org()).isEqualTo("default");
        assertThat(view.stream()).isEqualTo("events");
        assertThat(view.type()).isEqualTo(TelemetryType.EVENT);
        assertThat(view.payload().get("session_id").asString()).isEqualTo(session);
        assertThat(view.payload().get("user_id").asString()).isEqualTo("u-7f3a");
        assertThat(view.payload().get("properties").get("price").asDouble()).isEqualTo(19.99);
        assertThat(view.timestamp()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(view.payload().propertyNames())
                .as("the time is the envelope's, not repeated as text in the payload")
                .containsExactlyInAnyOrder("id", "type", "session_id", "user_id", "properties");
        assertThat(ours.get(2)
                        .value()
                        .payload()
                        .get("properties")
                        .get("quantity")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void oneSessionsEvents_shareTheKeyAndAPartition_inTheOrderTheyWereSent() {
        List<String> ids = new ArrayList<>();
        for (int batch = 0; batch < 2; batch++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 25; i++) {
                String id = session + "-" + batch + "-" + i;
                ids.add(id);
                body.append(i == 0 ? "" : ",")
                        .append(
                                "{\"id\":\"%s\",\"type\":\"page_view\",\"session_id\":\"%s\",\"properties\":{\"url\":\"/p/%d\"}}"
                                        .formatted(id, session, i));
            }
            body.append(']');
            assertThat(IngestHttp.json(http.postJson("/api/v1/events", body.toString()))
                            .get("accepted")
                            .asInt())
                    .isEqualTo(25);
        }

        List<ConsumerRecord<String, Envelope>> ours =
                TopicContents.withIds(TopicContents.read(bootstrapServers, Topics.EVENTS_RAW), ids);
        assertThat(ours).hasSize(50);
        assertThat(ours).extracting(ConsumerRecord::key).containsOnly(session);
        assertThat(ours)
                .extracting(ConsumerRecord::partition)
                .containsOnly(ours.get(0).partition());
        List<String> inOffsetOrder = ours.stream()
                .sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset))
                .map(r -> r.value().id())
                .toList();
        assertThat(inOffsetOrder).containsExactlyElementsOf(ids);
    }

    @Test
    void vocabulary_isListedAndEachTypesSchemaIsServed() {
        JsonNode vocabulary = IngestHttp.json(http.get("/api/v1/events/types"));
        assertThat(vocabulary.get("unknown_types").asString()).isEqualTo("accept");
        List<String> types = new ArrayList<>();
        vocabulary.get("types").forEach(t -> types.add(t.asString()));
        assertThat(types)
                .contains(
                        "page_view",
                        "product_view",
                        "search",
                        "add_to_cart",
                        "remove_from_cart",
                        "checkout_start",
                        "order_placed",
                        "payment_succeeded",
                        "payment_failed",
                        "refund");

        JsonNode schema = IngestHttp.json(http.get("/api/v1/events/types/order_placed"));
        assertThat(schema.get("required").toString()).contains("amount");

        HttpResponse<String> unknown = http.get("/api/v1/events/types/no_such_type");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }
}
