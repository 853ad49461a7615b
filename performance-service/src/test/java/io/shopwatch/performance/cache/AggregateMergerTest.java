package io.shopwatch.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.performance.store.StoreAnswer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AggregateMergerTest {

    private static final AggregateShape.Aggregated TOP_TWO = AggregateShape.of(
                    "SELECT service, count(*) AS n FROM s GROUP BY service ORDER BY n DESC LIMIT 2")
            .orElseThrow();

    private static StoreAnswer answer(String hits) {
        return new StoreAnswer(
                200,
                "application/json",
                ("{\"hits\":" + hits + ",\"total\":0,\"scan_records\":1}").getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode hits(Optional<StoreAnswer> merged) {
        return JsonMapper.builder()
                .build()
                .readTree(merged.orElseThrow().body())
                .get("hits");
    }

    @Test
    void merge_topN_addsThePiecesUp_ordersByTheAggregate_andCutsAtTheLimit() {
        Optional<StoreAnswer> merged = AggregateMerger.merge(
                List.of(
                        answer("[{\"service\":\"a\",\"n\":5},{\"service\":\"b\",\"n\":1},{\"service\":\"c\",\"n\":4}]"),
                        answer("[{\"service\":\"b\",\"n\":7},{\"service\":\"c\",\"n\":5}]")),
                TOP_TWO,
                1000);
        assertThat(hits(merged).toString()).isEqualTo("[{\"service\":\"c\",\"n\":9},{\"service\":\"b\",\"n\":8}]");
    }

    @Test
    void merge_topN_refusesATieInsideTheLimit_orAcrossIt() {
        // b and c tie at 8 inside the top two: the store may give them in either order
        assertThat(AggregateMerger.merge(
                        List.of(
                                answer(
                                        "[{\"service\":\"a\",\"n\":5},{\"service\":\"b\",\"n\":8},{\"service\":\"c\",\"n\":8}]")),
                        TOP_TWO,
                        1000))
                .isEmpty();
        // a and c tie at 5 across the limit: the store may return either
        assertThat(AggregateMerger.merge(
                        List.of(
                                answer(
                                        "[{\"service\":\"a\",\"n\":5},{\"service\":\"b\",\"n\":9},{\"service\":\"c\",\"n\":5}]")),
                        TOP_TWO,
                        1000))
                .isEmpty();
    }

    @Test
    void merge_topN_acceptsATieTheAnswerDoesNotShow() {
        Optional<StoreAnswer> merged = AggregateMerger.merge(
                List.of(answer("[{\"service\":\"a\",\"n\":9},{\"service\":\"b\",\"n\":7},{\"service\":\"c\",\"n\":1},"
                        + "{\"service\":\"d\",\"n\":1}]")),
                TOP_TWO,
                1000);
        assertThat(hits(merged).toString()).isEqualTo("[{\"service\":\"a\",\"n\":9},{\"service\":\"b\",\"n\":7}]");
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(merged.get().body())
                        .get("total")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void merge_orderNamingEveryKey_cutsAtTheLimitWhateverTheTies() {
        AggregateShape.Aggregated shape = AggregateShape.of(
                        "SELECT service, count(*) AS n FROM s GROUP BY service ORDER BY n DESC, service LIMIT 2")
                .orElseThrow();
        Optional<StoreAnswer> merged = AggregateMerger.merge(
                List.of(answer(
                        "[{\"service\":\"c\",\"n\":8},{\"service\":\"a\",\"n\":1},{\"service\":\"b\",\"n\":8}]")),
                shape,
                1000);
        assertThat(hits(merged).toString()).isEqualTo("[{\"service\":\"b\",\"n\":8},{\"service\":\"c\",\"n\":8}]");
    }
}
