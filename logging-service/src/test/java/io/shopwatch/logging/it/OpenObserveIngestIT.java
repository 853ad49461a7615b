package io.shopwatch.logging.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.Topics;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** OpenObserve's ingestion API ({@code _json}, {@code _multi}, {@code _bulk}) over real HTTP against a real broker. */
@IngestIT
class OpenObserveIngestIT {

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

    private List<Envelope> onTopic(String marker) {
        return TopicContents.read(bootstrapServers, Topics.LOGS_RAW).stream()
                .map(ConsumerRecord::value)
                .filter(e -> e.payload().path("run").asString("").equals(marker))
                .toList();
    }

    @Test
    void json_answersInOpenObservesShape_andSendsTheGoodRecordsToKafka() {
        String body = """
                [{"run": "%1$s", "log": "card 4111111111111111 phone 13812345678", "_timestamp": 1765011540000000,
                  "kubernetes": {"pod_name": "cart-1"}},
                 {"run": "%1$s", "message": "second", "level": "warn", "service": "cart"},
                 {"run": "%1$s", "nothing": "to say"}]
                """.formatted(run);

        HttpResponse<String> response = http.post("/api/shop-a/Shop-Logs/_json", null, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = IngestHttp.json(response);
        assertThat(answer.get("code").asInt()).isEqualTo(200);
        JsonNode status = answer.get("status").get(0);
        assertThat(status.get("name").asString()).isEqualTo("shop_logs");
        assertThat(status.get("successful").asInt()).isEqualTo(2);
        assertThat(status.get("failed").asInt()).isEqualTo(1);
        assertThat(status.get("error").asString()).contains("message, msg, log or body");

        List<Envelope> stored = onTopic(run);
        assertThat(stored).hasSize(2).allSatisfy(e -> {
            assertThat(e.org()).isEqualTo("shop-a");
            assertThat(e.stream()).isEqualTo("shop_logs");
        });
        Envelope card =
                stored.stream().filter(e -> e.payload().has("log")).findFirst().orElseThrow();
        assertThat(card.timestamp()).isEqualTo(Instant.ofEpochSecond(1765011540L));
        assertThat(card.payload().get("message").asString()).isEqualTo("card 4111111111111111 phone 13812345678");
        assertThat(card.payload().get("kubernetes").get("pod_name").asString()).isEqualTo("cart-1");
    }

    @Test
    void json_sameBodyTwice_carriesTheSameIds_soThePipelineStoresItOnce() {
        String body = "[{\"run\": \"" + run + "\", \"message\": \"m\", \"_timestamp\": 1765011540000000}]";

        assertThat(http.post("/api/shop-a/logs/_json", "application/json", body).statusCode())
                .isEqualTo(200);
        assertThat(http.post("/api/shop-a/logs/_json", "application/json", body).statusCode())
                .isEqualTo(200);

        List<Envelope> sent = onTopic(run);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).id()).isEqualTo(sent.get(1).id());
    }

    @Test
    void json_postedAsCurlDoesWithoutAContentType_isReadAsJson() {
        String body = "[{\"run\": \"" + run + "\", \"message\": \"from curl -d\"}]";

        HttpResponse<String> response = http.post("/api/shop-a/logs/_json", "application/x-www-form-urlencoded", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(IngestHttp.json(response)
                        .get("status")
                        .get(0)
                        .get("successful")
                        .asInt())
                .isEqualTo(1);
        assertThat(onTopic(run)).hasSize(1);
    }

    @Test
    void multi_readsOneRecordPerLine_gzip() {
        String body = "{\"run\": \"" + run + "\", \"msg\": \"one\"}\n\n{\"run\": \"" + run + "\", \"msg\": \"two\"}\n"
                + "not json\n";

        HttpResponse<String> response =
                http.post("/api/shop-a/app/_multi", null, IngestHttp.gzip(body), "Content-Encoding", "gzip");

        JsonNode status = IngestHttp.json(response).get("status").get(0);
        assertThat(status.get("successful").asInt()).as(response.body()).isEqualTo(2);
        assertThat(status.get("failed").asInt()).isEqualTo(1);
        assertThat(onTopic(run))
                .extracting(e -> e.payload().get("message").asString())
                .containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void bulk_answersPerItem_asOpenObserve() {
        String body = """
                {"index": {"_index": "Web-Access", "_id": "%1$s-1"}}
                {"run": "%1$s", "message": "GET /", "@timestamp": "2026-12-06T08:00:00Z"}
                {"create": {"_index": "web_access"}}
                {"run": "%1$s", "message": "bad time", "_timestamp": "yesterday"}
                {"delete": {"_index": "web_access", "_id": "x"}}
                {"index": {"_index": "errors"}}
                {"run": "%1$s", "log": "E!"}
                """.formatted(run);

        HttpResponse<String> response = http.post("/api/shop-a/_bulk", "application/x-ndjson", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = IngestHttp.json(response);
        assertThat(answer.get("took").isIntegralNumber()).isTrue();
        assertThat(answer.get("errors").asBoolean()).isTrue();
        JsonNode items = answer.get("items");
        assertThat(items).hasSize(3);
        JsonNode first = items.get(0).get("index");
        assertThat(first.get("_index").asString()).isEqualTo("web_access");
        assertThat(first.get("_id").asString()).isEqualTo(run + "-1");
        assertThat(first.get("status").asInt()).isEqualTo(200);
        assertThat(first.get("result").asString()).isEqualTo("created");
        JsonNode failed = items.get(1).get("create");
        assertThat(failed.get("status").asInt()).isEqualTo(422);
        assertThat(failed.get("error").get("type").asString()).isEqualTo("timestamp_parsing_failed");
        assertThat(failed.get("originalRecord").get("message").asString()).isEqualTo("bad time");
        assertThat(items.get(2).get("index").get("_index").asString()).isEqualTo("errors");

        List<Envelope> sent = onTopic(run);
        assertThat(sent).extracting(Envelope::stream).containsExactlyInAnyOrder("web_access", "errors");
        assertThat(sent).extracting(Envelope::id).contains(run + "-1");
    }

    @Test
    void refusals_areOpenObservesErrorBody() {
        HttpResponse<String> notJson = http.post("/api/shop-a/logs/_json", null, "{oops");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(IngestHttp.json(notJson).get("code").asInt()).isEqualTo(400);
        assertThat(IngestHttp.json(notJson).get("message").asString()).contains("not valid JSON");

        HttpResponse<String> badStream = http.post("/api/shop-a/____/_json", null, "[]");
        assertThat(badStream.statusCode()).isEqualTo(400);

        String big = "[" + ("{\"message\": \"" + "x".repeat(1000) + "\"},").repeat(300) + "{\"message\": \"m\"}]";
        HttpResponse<String> tooLarge = http.post("/api/shop-a/logs/_json", null, big);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(IngestHttp.json(tooLarge).get("code").asInt()).isEqualTo(413);
    }

    @Test
    void elasticsearchHandshake_answersAsAnElasticsearchCluster_ofTheClientsOwnVersion() {
        HttpResponse<String> filebeat = http.get(
                "/api/shop-a/",
                "User-Agent",
                "Elastic-filebeat/8.15.0 (linux; amd64; 1d05ba8; 2024-08-05 00:00:00 +0000 UTC)");
        HttpResponse<String> vector =
                http.get("/api/shop-a/", "User-Agent", "Vector/0.40.0 (x86_64-unknown-linux-gnu)");
        HttpResponse<String> head = http.request("HEAD", "/api/shop-a/");

        assertThat(filebeat.statusCode()).as(filebeat.body()).isEqualTo(200);
        assertThat(filebeat.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
        JsonNode info = IngestHttp.json(filebeat);
        assertThat(info.get("version").get("number").asString()).isEqualTo("8.15.0");
        assertThat(info.get("tagline").asString()).isEqualTo("You Know, for Search");
        assertThat(IngestHttp.json(vector).get("version").get("number").asString())
                .isEqualTo("7.17.1");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
    }

    @Test
    void elasticsearchHandshake_licenceAndXpack_areActive() {
        HttpResponse<String> license = http.get("/api/shop-a/_license");
        HttpResponse<String> xpack = http.get("/api/shop-a/_xpack");

        assertThat(license.statusCode()).as(license.body()).isEqualTo(200);
        assertThat(IngestHttp.json(license).get("license").get("status").asString())
                .isEqualTo("active");
        assertThat(license.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
        assertThat(xpack.statusCode()).as(xpack.body()).isEqualTo(200);
        assertThat(IngestHttp.json(xpack).get("license").get("status").asString())
                .isEqualTo("active");
    }
}
