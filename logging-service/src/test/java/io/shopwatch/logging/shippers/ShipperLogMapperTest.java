package io.shopwatch.logging.shippers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.logging.ingest.InvalidRecordException;
import io.shopwatch.logging.ingest.MappedRecord;
import io.shopwatch.logging.ingest.RejectReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ShipperLogMapperTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

    private final ShipperLogMapper mapper = new ShipperLogMapper("default");

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private Envelope map(String record, String stream) {
        MappedRecord mapped = mapper.map(json(record), "acme", stream, NOW);
        assertThat(mapped).isInstanceOf(MappedRecord.Accepted.class);
        return ((MappedRecord.Accepted) mapped).envelope();
    }

    @Test
    void map_keepsTheShippersFieldsAtTopLevel_andAddsLevelServiceMessage() {
        Envelope envelope = map("""
                {"log": "GET /cart 200", "kubernetes": {"pod_name": "cart-1"}, "stream": "stdout",
                 "@timestamp": "2026-12-06T08:59:00.5Z", "trace_id": "0af7651916cd43dd8448eb211c80319c"}
                """, "K8s-Logs");

        assertThat(envelope.org()).isEqualTo("acme");
        assertThat(envelope.stream()).as("normalised as OpenObserve does").isEqualTo("k8s_logs");
        assertThat(envelope.type()).isEqualTo(TelemetryType.LOG);
        assertThat(envelope.timestamp()).isEqualTo(Instant.parse("2026-12-06T08:59:00.5Z"));
        JsonNode payload = envelope.payload();
        assertThat(payload.get("message").asString()).isEqualTo("GET /cart 200");
        assertThat(payload.get("log").asString())
                .as("the shipper's own field stays")
                .isEqualTo("GET /cart 200");
        assertThat(payload.get("level").asString()).isEqualTo("info");
        assertThat(payload.get("service").asString()).isEqualTo("k8s_logs");
        assertThat(payload.get("kubernetes").get("pod_name").asString()).isEqualTo("cart-1");
        assertThat(payload.get("stream").asString()).isEqualTo("stdout");
        assertThat(payload.get("trace_id").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(payload.has("@timestamp")).isFalse();
        assertThat(payload.get("id").asString()).isEqualTo(envelope.id()).matches("[0-9a-f]{32}");
    }

    @Test
    void map_sameRecordTwice_getsTheSameId_soThePipelineStoresItOnce() {
        String record = "{\"message\": \"paid\", \"_timestamp\": 1765011540000000}";

        String first = map(record, "orders").id();
        String again = ((MappedRecord.Accepted) mapper.map(json(record), "acme", "orders", NOW.plusSeconds(30))).id();
        String other = map("{\"message\": \"paid!\", \"_timestamp\": 1765011540000000}", "orders")
                .id();

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void map_recordWithoutItsOwnTime_isANewRecordEachTimeItArrives() {
        String record = "{\"message\": \"tick\"}";

        String first = map(record, "s").id();
        String later = ((MappedRecord.Accepted) mapper.map(json(record), "acme", "s", NOW.plusSeconds(1))).id();

        assertThat(later).isNotEqualTo(first);
    }

    @Test
    void map_givenIdsWin_bulkIdOrRecordId() {
        assertThat(map("{\"_id\": \"es-1\", \"message\": \"m\"}", "s").id()).isEqualTo("es-1");
        assertThat(map("{\"id\": \"r-1\", \"message\": \"m\"}", "s").id()).isEqualTo("r-1");
    }

    @Test
    void map_pinoRecord_numericLevelAndMsg() {
        JsonNode payload = map(
                        "{\"level\": 50, \"time\": 1765011540000, \"msg\": \"boom\", \"service\": \"checkout\"}", "app")
                .payload();

        assertThat(payload.get("level").asString()).isEqualTo("error");
        assertThat(payload.get("message").asString()).isEqualTo("boom");
        assertThat(payload.get("service").asString()).isEqualTo("checkout");
        assertThat(payload.get("msg").asString()).isEqualTo("boom");
    }

    @Test
    void map_objectInADerivedField_isWrittenAsItsMembers() {
        JsonNode payload = map("{\"message\": \"m\", \"service\": {\"name\": \"cart\", \"version\": \"1.2\"}}", "s")
                .payload();

        assertThat(payload.get("service").asString()).isEqualTo("s");
        assertThat(payload.get("service_name").asString()).isEqualTo("cart");
        assertThat(payload.get("service_version").asString()).isEqualTo("1.2");
    }

    @Test
    void map_rejects_noText_notAnObject_badTime_badStream() {
        assertThatThrownBy(() -> mapper.map(json("{\"a\": 1}"), "acme", "s", NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("message, msg, log or body");
        assertThatThrownBy(() -> mapper.map(json("42"), "acme", "s", NOW))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason())
                        .isEqualTo(RejectReason.NOT_AN_OBJECT));
        assertThatThrownBy(() -> mapper.map(json("{\"message\": \"m\", \"_timestamp\": \"soon\"}"), "acme", "s", NOW))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason())
                        .isEqualTo(RejectReason.INVALID_TIMESTAMP));
        assertThatThrownBy(() -> mapper.map(json("{\"message\": \"m\"}"), "acme", "****", NOW))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("stream");
    }

    @Test
    void map_withoutAStream_usesTheDefault() {
        assertThat(map("{\"body\": \"b\"}", null).stream()).isEqualTo("default");
    }

    @Test
    void map_shippersDefaultTimeFields_areTheTime_whenTheyReadAsOne() {
        assertThat(map("{\"msg\": \"m\", \"time\": 1765011540000}", "s").timestamp())
                .isEqualTo(Instant.ofEpochMilli(1765011540000L));
        assertThat(map("{\"message\": \"m\", \"timestamp\": \"2026-12-06T08:00:00Z\"}", "s")
                        .timestamp())
                .isEqualTo(Instant.parse("2026-12-06T08:00:00Z"));
        Envelope notATime = map("{\"message\": \"m\", \"time\": \"lunch\"}", "s");
        assertThat(notATime.timestamp()).isEqualTo(NOW);
        assertThat(notATime.payload().get("time").asString()).isEqualTo("lunch");
    }
}
