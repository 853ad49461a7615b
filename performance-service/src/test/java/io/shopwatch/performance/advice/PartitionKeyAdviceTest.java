package io.shopwatch.performance.advice;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.event.TelemetryType;
import io.shopwatch.performance.budget.IngestMeter;
import io.shopwatch.performance.stats.QueryLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PartitionKeyAdviceTest {

    private static final String ORG = "shop";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
    private final QueryLog log = new QueryLog();
    private final FieldCardinality cardinality = new FieldCardinality(log);
    private final Advisor advisor =
            new Advisor(log, new IngestMeter(Set.of()), clock, Duration.ofHours(1), 5, 3, 10, cardinality, 10);

    private void read(String sql) {
        log.read(ORG, Set.of("orders"), sql, 1, 2, clock.instant());
    }

    private void store(String json) {
        cardinality.stored(
                new Envelope("id", ORG, "orders", TelemetryType.EVENT, clock.instant(), JSON.readTree(json)), 100);
    }

    private List<Advisor.Recommendation> of(String kind) {
        return advisor.recommendations(ORG).stream()
                .filter(r -> r.kind().equals(kind))
                .toList();
    }

    @Test
    void lowCardinalityEqualityFilter_isAdvisedAsPartitionKey_withTheFigures() {
        read("SELECT count(*) FROM orders WHERE region = 'east'");
        read("SELECT * FROM orders WHERE region = 'west' AND amount > 3");
        read("SELECT * FROM orders WHERE region IN ('north', 'south')");
        for (int i = 0; i < 50; i++) {
            store("{\"region\":\"" + List.of("east", "west", "north", "south").get(i % 4) + "\",\"amount\":" + i + "}");
        }

        assertThat(of("partition-key")).singleElement().satisfies(r -> {
            assertThat(r.stream()).isEqualTo("orders");
            assertThat(r.advice()).contains("region").contains("partition key");
            assertThat(r.evidence())
                    .containsEntry("field", "region")
                    .containsEntry("equalityFilters", 3L)
                    .containsEntry("distinctValuesInFilters", 4)
                    .containsEntry("storedRecordsWithField", 50L)
                    .containsEntry("distinctValuesStored", "4")
                    .containsEntry("partitionMaxValues", 10);
        });
        assertThat(of("index-field")).isEmpty();
    }

    @Test
    void highCardinalityEqualityFilter_isAdvisedAsIndexField_notAsPartition() {
        for (int i = 0; i < 3; i++) {
            read("SELECT * FROM orders WHERE order_id = 'o-" + i + "'");
        }
        for (int i = 0; i < 40; i++) {
            store("{\"order_id\":\"o-" + i + "\"}");
        }
        assertThat(of("partition-key")).isEmpty();
        assertThat(of("index-field")).singleElement().satisfies(r -> assertThat(r.evidence())
                .containsEntry("field", "order_id")
                .containsEntry("distinctValuesStored", "40"));
    }

    @Test
    void noAdvice_belowTheFilterThreshold_withoutStoredRecords_orForTimeAndComparisons() {
        read("SELECT * FROM orders WHERE region = 'east'");
        read("SELECT * FROM orders WHERE region = 'west'"); // 2 < 3 filters
        for (int i = 0; i < 3; i++) {
            read("SELECT * FROM orders WHERE status = 'paid'"); // never seen in a stored record
            read("SELECT * FROM orders WHERE amount >= 3 AND level <> 'info' AND _timestamp = 5");
        }
        store("{\"region\":\"east\",\"amount\":1,\"level\":\"info\"}");
        assertThat(of("partition-key")).isEmpty();
        assertThat(of("index-field")).isEmpty();
    }
}
