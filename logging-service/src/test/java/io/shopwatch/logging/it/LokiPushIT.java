package io.shopwatch.logging.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xerial.snappy.Snappy;
import tools.jackson.databind.JsonNode;

/**
 * Loki push over real HTTP against a real broker: a snappy-compressed {@code logproto.PushRequest} written field by
 * field after Loki's {@code push.proto}, as Promtail sends it, and the JSON form.
 */
@IngestIT
class LokiPushIT {

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    IngestHttp http;
    String run;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    private List<Envelope> onTopic() {
        return TopicContents.read(bootstrapServers, Topics.LOGS_RAW).stream()
                .map(ConsumerRecord::value)
                .filter(e -> e.payload().path("run").asString("").equals(run))
                .toList();
    }

    /** {@code PushRequest{streams: [StreamAdapter{labels, entries: [EntryAdapter{timestamp, line, metadata}]}]}}. */
    private static byte[] pushRequest(String labels, long seconds, int nanos, String line, String runId)
            throws IOException {
        ByteArrayOutputStream timestamp = new ByteArrayOutputStream();
        CodedOutputStream ts = CodedOutputStream.newInstance(timestamp);
        ts.writeInt64(1, seconds);
        ts.writeInt32(2, nanos);
        ts.flush();
        ByteArrayOutputStream metadata = new ByteArrayOutputStream();
        CodedOutputStream md = CodedOutputStream.newInstance(metadata);
        md.writeString(1, "run");
        md.writeString(2, runId);
        md.flush();
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        CodedOutputStream e = CodedOutputStream.newInstance(entry);
        e.writeByteArray(1, timestamp.toByteArray());
        e.writeString(2, line);
        e.writeByteArray(3, metadata.toByteArray());
        e.flush();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        CodedOutputStream s = CodedOutputStream.newInstance(stream);
        s.writeString(1, labels);
        s.writeByteArray(2, entry.toByteArray());
        s.writeUInt64(3, 12345L);
        s.flush();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        CodedOutputStream r = CodedOutputStream.newInstance(request);
        r.writeByteArray(1, stream.toByteArray());
        r.flush();
        return Snappy.compress(request.toByteArray());
    }

    @Test
    void protobufSnappy_labelsBecomeFields_lineIsMessage() throws IOException {
        byte[] body = pushRequest(
                "{job=\"varlogs\", service_name=\"cart\", level=\"error\", path=\"a \\\"quoted\\\" one\"}",
                1_765_008_000L,
                123_000_000,
                "card 4111111111111111 declined",
                run);

        HttpResponse<String> response = http.post(
                "/loki/api/v1/push",
                "application/x-protobuf",
                body,
                "X-ShopWatch-Org",
                "shop-loki",
                "stream-name",
                "Loki-Logs");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        List<Envelope> sent = onTopic();
        assertThat(sent).hasSize(1);
        Envelope envelope = sent.get(0);
        assertThat(envelope.org()).isEqualTo("shop-loki");
        assertThat(envelope.stream()).isEqualTo("loki_logs");
        assertThat(envelope.timestamp()).isEqualTo(Instant.ofEpochSecond(1_765_008_000L, 123_000_000));
        JsonNode payload = envelope.payload();
        assertThat(payload.get("job").asString()).isEqualTo("varlogs");
        assertThat(payload.get("path").asString()).isEqualTo("a \"quoted\" one");
        assertThat(payload.get("service").asString()).isEqualTo("cart");
        assertThat(payload.get("level").asString()).isEqualTo("error");
        assertThat(payload.get("message").asString()).isEqualTo("card 4111111111111111 declined");
    }

    @Test
    void json_withOneBadValue_storesTheOthers_andAnswers400() {
        String body = """
                {"streams": [{"stream": {"app": "web", "run": "%s"},
                  "values": [["1765008000000000000", "GET /"], ["1765008001000000000", "GET /cart", {"user": "u1"}],
                             ["1765008002000000000"]]}]}
                """.formatted(run);

        HttpResponse<String> response = http.post("/api/shop-loki/loki/api/v1/push", "application/json", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("1 of 3 lines rejected");
        assertThat(onTopic())
                .extracting(e -> e.payload().get("message").asString())
                .containsExactlyInAnyOrder("GET /", "GET /cart");
        assertThat(onTopic())
                .anySatisfy(
                        e -> assertThat(e.payload().path("user").asString("")).isEqualTo("u1"));
    }

    @Test
    void unreadableBodies_areRefusedWithText() {
        assertThat(http.post("/loki/api/v1/push", "application/x-protobuf", "not snappy")
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.post("/loki/api/v1/push", "application/json", "{\"streams\": 1}")
                        .statusCode())
                .isEqualTo(400);
    }
}
