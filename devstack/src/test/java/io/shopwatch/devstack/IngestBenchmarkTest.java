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
}
