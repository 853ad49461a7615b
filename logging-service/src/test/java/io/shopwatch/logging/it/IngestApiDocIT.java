package io.shopwatch.logging.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The API document of the two batch endpoints: both say the same about the query parameter, the body layouts and
 * the answers, each with its own record schema.
 */
@IngestIT
class IngestApiDocIT {

    @LocalServerPort
    int port;

    @Test
    void batchEndpoints_documentTheSameAnswersWithTheirOwnSchema() {
        HttpResponse<String> response = new IngestHttp(port).get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = IngestHttp.json(response).get("paths");

        Map<String, String> schemaOf = Map.of("/api/v1/logs", "LogRecord", "/api/v1/events", "BehaviourEvent");
        Map<String, String> acceptedOf = Map.of(
                "/api/v1/logs", "Per-record answer; accepted records are in Kafka",
                "/api/v1/events", "Per-record answer; accepted events are in Kafka");
        for (String path : List.of("/api/v1/logs", "/api/v1/events")) {
            JsonNode post = paths.get(path).get("post");
            assertThat(post.get("tags").get(0).asString()).isEqualTo("ingestion");

            JsonNode results = post.get("parameters").get(0);
            assertThat(results.get("name").asString()).isEqualTo("results");
            assertThat(results.get("in").asString()).isEqualTo("query");
            assertThat(results.get("required").asBoolean()).isFalse();
            assertThat(results.get("description").asString())
                    .isEqualTo("rejected (default) or all: which records the answer lists");

            JsonNode content = post.get("requestBody").get("content");
            String ref = "#/components/schemas/" + schemaOf.get(path);
            assertThat(content.get("application/json").get("schema").get("type").asString())
                    .isEqualTo("array");
            assertThat(content.get("application/json")
                            .get("schema")
                            .get("items")
                            .get("$ref")
                            .asString())
                    .isEqualTo(ref);
            assertThat(content.get("application/x-ndjson")
                            .get("schema")
                            .get("$ref")
                            .asString())
                    .isEqualTo(ref);

            JsonNode answers = post.get("responses");
            assertThat(answers.propertyNames()).containsExactlyInAnyOrder("200", "400", "413", "415", "503");
            assertThat(answers.get("200").get("description").asString()).isEqualTo(acceptedOf.get(path));
            assertThat(answers.get("400").get("description").asString())
                    .isEqualTo("The body cannot be parsed at all (problem+json)");
            assertThat(answers.get("413").get("description").asString())
                    .isEqualTo("Body or record count over the limit (problem+json)");
            assertThat(answers.get("415").get("description").asString())
                    .isEqualTo("Content type or encoding not supported (problem+json)");
            assertThat(answers.get("503").get("description").asString())
                    .isEqualTo("Kafka did not acknowledge, or the service is saturated: retry after Retry-After"
                            + " seconds (problem+json)");
        }
    }
}
