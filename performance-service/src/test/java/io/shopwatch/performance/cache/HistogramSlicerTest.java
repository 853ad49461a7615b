package io.shopwatch.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.performance.store.StoreAnswer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HistogramSlicerTest {

    private static final long HOUR = 3_600_000_000L;
    private static final long TEN_MINUTES = 600_000_000L;
    /** 2026-12-06T00:00:00Z, a bucket boundary. */
    private static final long MIDNIGHT = 1_796_515_200_000_000L;

    private static final HistogramShape.Bucketed ASC = new HistogramShape.Bucketed(TEN_MINUTES, false, "k");
    private static final HistogramShape.Bucketed DESC = new HistogramShape.Bucketed(TEN_MINUTES, true, "k");

    private static StoreAnswer answer(String hits) {
        String body = "{\"took\":3,\"hits\":" + hits + ",\"total\":9,\"scan_records\":7,\"scan_size\":0,"
                + "\"trace_id\":\"t\",\"is_partial\":false}";
        return new StoreAnswer(200, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(StoreAnswer answer) {
        return JsonMapper.builder().build().readTree(answer.body());
    }

    @Test
    void slice_rowsOnBucketBoundaries_goToTheirSegment_andCountersAddUp() {
        StoreAnswer span = answer("[{\"k\":\"2026-12-06T00:50:00\",\"n\":1},{\"k\":\"2026-12-06T01:00:00\",\"n\":2},"
                + "{\"k\":\"2026-12-06T01:10:00\",\"n\":3},{\"k\":\"2026-12-06T02:30:00\",\"n\":4}]");

        Optional<List<StoreAnswer>> segments = HistogramSlicer.slice(
                span, ASC, MIDNIGHT, new long[] {MIDNIGHT + HOUR, MIDNIGHT + 2 * HOUR}, MIDNIGHT + 3 * HOUR, 1000);

        assertThat(segments).isPresent();
        List<JsonNode> bodies =
                segments.get().stream().map(HistogramSlicerTest::json).toList();
        assertThat(bodies).extracting(b -> b.get("hits").size()).containsExactly(1, 2, 1);
        assertThat(bodies).extracting(b -> b.get("total").asInt()).containsExactly(1, 2, 1);
        assertThat(bodies.stream()
                        .mapToLong(b -> b.get("scan_records").asLong())
                        .sum())
                .isEqualTo(7);
        assertThat(bodies.get(1).get("hits").get(0).get("n").asInt()).isEqualTo(2);
        assertThat(bodies.get(2).get("trace_id").asString()).isEqualTo("t");
    }

    @Test
    void slice_descendingRows_keepTheirOrderWithinASegment() {
        StoreAnswer span = answer("[{\"k\":\"2026-12-06T01:10:00Z\"},{\"k\":\"2026-12-06T01:00:00Z\"},"
                + "{\"k\":\"2026-12-06T00:10:00Z\"}]");

        List<StoreAnswer> segments = HistogramSlicer.slice(
                        span, DESC, MIDNIGHT, new long[] {MIDNIGHT + HOUR}, MIDNIGHT + 2 * HOUR, 1000)
                .orElseThrow();

        assertThat(json(segments.get(0)).get("hits").get(0).get("k").asString()).isEqualTo("2026-12-06T00:10:00Z");
        assertThat(json(segments.get(1)).get("hits"))
                .extracting(h -> h.get("k").asString())
                .containsExactly("2026-12-06T01:10:00Z", "2026-12-06T01:00:00Z");
    }

    @Test
    void slice_whenNotProvablyExact_isEmpty() {
        long[] cuts = {MIDNIGHT + HOUR};
        long end = MIDNIGHT + 2 * HOUR;
        String good = "[{\"k\":\"2026-12-06T00:10:00\"},{\"k\":\"2026-12-06T01:10:00\"}]";
        // the bucket column missing from a row, off a bucket boundary, out of order, not a timestamp
        for (String hits : List.of(
                "[{\"k\":\"2026-12-06T00:10:00\"},{\"n\":1}]",
                "[{\"k\":\"2026-12-06T00:10:00\"},{\"k\":\"2026-12-06T01:15:00\"}]",
                "[{\"k\":\"2026-12-06T01:10:00\"},{\"k\":\"2026-12-06T00:10:00\"}]",
                "[{\"k\":1796515800000000}]",
                "[{\"k\":\"2026-12-06T02:10:00\"}]")) {
            assertThat(HistogramSlicer.slice(answer(hits), ASC, MIDNIGHT, cuts, end, 1000))
                    .as(hits)
                    .isEmpty();
        }
        // no alias, a cut off a bucket boundary, as many rows as the limit (the store may have cut), an error
        assertThat(HistogramSlicer.slice(
                        answer(good), new HistogramShape.Bucketed(TEN_MINUTES, false, null), MIDNIGHT, cuts, end, 1000))
                .isEmpty();
        assertThat(HistogramSlicer.slice(answer(good), ASC, MIDNIGHT, new long[] {MIDNIGHT + 60_000_000L}, end, 1000))
                .isEmpty();
        assertThat(HistogramSlicer.slice(answer(good), ASC, MIDNIGHT, cuts, end, 2))
                .isEmpty();
        assertThat(HistogramSlicer.slice(
                        new StoreAnswer(500, "application/json", "{}".getBytes(StandardCharsets.UTF_8)),
                        ASC,
                        MIDNIGHT,
                        cuts,
                        end,
                        1000))
                .isEmpty();
        assertThat(HistogramSlicer.slice(answer(good), ASC, MIDNIGHT, cuts, end, 1000))
                .isPresent();
    }

    @Test
    void micros_readsTheStoresTimestampForms_andRefusesImpossibleOnes() {
        java.util.function.Function<String, java.util.OptionalLong> micros =
                text -> HistogramSlicer.micros(tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(text));
        assertThat(micros.apply("2026-12-06T00:00:00")).hasValue(MIDNIGHT);
        assertThat(micros.apply("2026-12-06 00:10:00")).hasValue(MIDNIGHT + TEN_MINUTES);
        assertThat(micros.apply("2026-12-06T01:00:00Z")).hasValue(MIDNIGHT + HOUR);
        assertThat(micros.apply("2026-12-06T01:00:00+01:00")).hasValue(MIDNIGHT);
        assertThat(micros.apply("2026-12-06T00:00:00.000250")).hasValue(MIDNIGHT + 250);
        for (String impossible :
                List.of("2026-02-29T00:00:00", "2026-13-01T00:00:00", "2026-12-06T24:00:00", "2026-12-06T0a:00:00")) {
            assertThat(micros.apply(impossible)).as(impossible).isEmpty();
        }
        // the plain form read without the parser gives what the parser gives, over many instants
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            long seconds = random.nextLong(4_102_444_800L); // 1970 to 2100
            String text = java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC)
                    .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"));
            assertThat(micros.apply(text)).as(text).hasValue(seconds * 1_000_000L);
        }
    }
}
