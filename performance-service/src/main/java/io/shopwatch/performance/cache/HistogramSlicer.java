package io.shopwatch.performance.cache;

import io.shopwatch.performance.store.StoreAnswer;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cuts the store's answer to a {@linkplain HistogramShape histogram query} over a span into the answers of consecutive
 * segments of that span, so that one store query fills several cached pieces.
 *
 * <p>It cuts only when the cut is provably exact, and otherwise answers empty (the answer is then used whole and
 * nothing of it is cached): every cut lies on a bucket boundary; the answer is a complete 200 JSON answer (hits array,
 * not partial, no function error, fewer rows than the row limit, so the store cut nothing); and every row carries the
 * bucket column (the histogram's alias) as a timestamp on a bucket boundary inside the span, strictly ordered in the
 * query's direction. Each row then belongs to exactly one segment, and the segments' rows concatenated in order are the
 * span's rows.
 *
 * <p>A segment's answer is the span's answer with the segment's rows, {@code total} their number, and the scan counters
 * ({@code scan_records}, {@code scan_size}, {@code idx_scan_size}) shared out in proportion to the rows (their sum over
 * the segments is the span's); every other field ({@code took}, {@code trace_id}, ...) is the span's.
 */
public final class HistogramSlicer {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String[] SCAN_FIELDS = {"scan_records", "scan_size", "idx_scan_size"};

    private HistogramSlicer() {}

    /**
     * @param answer the store's answer over {@code [spanStart, spanEnd)}
     * @param shape the query's histogram
     * @param spanStart inclusive start of the span, µs
     * @param cuts the boundaries between consecutive segments, ascending, inside the span
     * @param spanEnd exclusive end of the span, µs
     * @param rowLimit the rows the store returns at most
     * @return one answer per segment ({@code cuts.length + 1}), or empty when the cut is not provably exact
     */
    public static Optional<List<StoreAnswer>> slice(
            StoreAnswer answer,
            HistogramShape.Bucketed shape,
            long spanStart,
            long[] cuts,
            long spanEnd,
            int rowLimit) {
        long bucket = shape.bucketMicros();
        if (shape.column() == null
                || !answer.ok()
                || answer.contentType() == null
                || !answer.contentType().startsWith("application/json")) {
            return Optional.empty();
        }
        long previous = spanStart;
        for (long cut : cuts) {
            if (cut <= previous || cut >= spanEnd || HistogramShape.alignDown(cut, bucket) != cut) {
                return Optional.empty();
            }
            previous = cut;
        }
        ObjectNode body;
        try {
            if (!(JSON.readTree(answer.body()) instanceof ObjectNode object)) {
                return Optional.empty();
            }
            body = object;
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (!(body.get("hits") instanceof ArrayNode hits)
                || hits.size() >= rowLimit
                || body.path("is_partial").asBoolean(false)
                || !noFunctionError(body.path("function_error"))) {
            return Optional.empty();
        }
        List<ArrayNode> segments = new ArrayList<>();
        for (int i = 0; i <= cuts.length; i++) {
            segments.add(JSON.createArrayNode());
        }
        long first = HistogramShape.alignDown(spanStart, bucket);
        Long last = null;
        for (JsonNode row : hits) {
            OptionalLong parsed = row instanceof ObjectNode ? micros(row.get(shape.column())) : OptionalLong.empty();
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            long at = parsed.getAsLong();
            if (at < first || at >= spanEnd || HistogramShape.alignDown(at, bucket) != at) {
                return Optional.empty();
            }
            if (last != null && (shape.descending() ? at >= last : at <= last)) {
                return Optional.empty();
            }
            last = at;
            int segment = 0;
            while (segment < cuts.length && cuts[segment] <= at) {
                segment++;
            }
            segments.get(segment).add(row);
        }
        List<StoreAnswer> answers = new ArrayList<>();
        long rowsBefore = 0;
        for (ArrayNode rows : segments) {
            ObjectNode segment = body.deepCopy();
            segment.set("hits", rows);
            segment.put("total", rows.size());
            for (String field : SCAN_FIELDS) {
                JsonNode value = body.get(field);
                if (value != null && value.isIntegralNumber()) {
                    segment.put(
                            field,
                            share(value.asLong(), rowsBefore + rows.size(), hits.size())
                                    - share(value.asLong(), rowsBefore, hits.size()));
                }
            }
            rowsBefore += rows.size();
            answers.add(new StoreAnswer(200, answer.contentType(), JSON.writeValueAsBytes(segment)));
        }
        return Optional.of(answers);
    }

    /** {@code floor(total × rows / allRows)}: the part of a counter that the first {@code rows} rows account for. */
    private static long share(long total, long rows, long allRows) {
        if (allRows == 0) {
            return 0;
        }
        return BigInteger.valueOf(total)
                .multiply(BigInteger.valueOf(rows))
                .divide(BigInteger.valueOf(allRows))
                .longValue();
    }

    private static boolean noFunctionError(JsonNode functionError) {
        return functionError.isMissingNode()
                || functionError.isNull()
                || (functionError.isString() && functionError.asString().isEmpty())
                || (functionError.isArray() && functionError.isEmpty());
    }

    /** A bucket value as the stores write it ({@code 2026-12-06T09:10:00}, UTC, with or without an offset) in µs. */
    static OptionalLong micros(JsonNode value) {
        if (value == null || !value.isString()) {
            return OptionalLong.empty();
        }
        String text = value.asString().trim().replace(' ', 'T');
        if (isPlainSeconds(text)) {
            // the stores' usual form, "2026-12-07T02:50:00" (UTC): read without a parser and its exceptions
            long seconds = LocalDateTime.of(
                            digits(text, 0, 4),
                            digits(text, 5, 7),
                            digits(text, 8, 10),
                            digits(text, 11, 13),
                            digits(text, 14, 16),
                            digits(text, 17, 19))
                    .toEpochSecond(ZoneOffset.UTC);
            return OptionalLong.of(seconds * 1_000_000L);
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss} with a valid date and time of day. */
    private static boolean isPlainSeconds(String text) {
        if (text.length() != 19
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return false;
        }
        for (int i : new int[] {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        return month >= 1
                && month <= 12
                && day >= 1
                && day <= java.time.YearMonth.of(digits(text, 0, 4), month).lengthOfMonth()
                && digits(text, 11, 13) <= 23
                && digits(text, 14, 16) <= 59
                && digits(text, 17, 19) <= 59;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }
}
