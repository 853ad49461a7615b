package io.shopwatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class IngestBenchmarkTest {

    @Test
    void freshnessBatch_isReadBackFromTheIdsTheBodyGives() {
        JsonNode records = JsonMapper.builder().build().readTree(IngestBenchmark.body("s", "f42", 3));

        assertThat(records).hasSize(3);
        for (JsonNode record : records) {
            assertThat(IngestBenchmark.freshnessBatch(record.get("id").asString()))
                    .isEqualTo(42);
        }
    }

    @Test
    void benchmarkRecords_areTheBodysRecordsOfAboutFiveHundredBytesEach() {
        var records = IngestBenchmark.benchmarkRecords();

        assertThat(records).hasSize(1000);
        assertThat(records).allSatisfy(value -> assertThat(value.length).isBetween(400, 600));
        assertThat(new String(records.get(7), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"order_id\":\"o-7\"");
    }
}
