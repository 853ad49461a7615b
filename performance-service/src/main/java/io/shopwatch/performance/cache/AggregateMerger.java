package io.shopwatch.performance.cache;

import io.shopwatch.performance.store.StoreAnswer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cuts and merges the answers of {@linkplain AggregateShape mergeable aggregate queries}.
 *
 * <p>{@link #cut}: the answer of the pieces' store query ({@link AggregateShape.Aggregated#spanSql}, one row per split
 * step and group) becomes one answer per piece, in the original query's form (the piece column removed). Each piece
 * lies inside one split step, so its rows are exactly the rows of its step. It cuts only when that is provably right:
 * a complete 200 JSON answer (not partial, no function error, fewer rows than the row limit), every row's piece column
 * a timestamp that is the start of a piece's step.
 *
 * <p>{@link #merge}: the pieces' rows combined group by group (counts and integer sums added, least minimum, greatest
 * maximum, nulls ignored), ordered by the query's ORDER BY and cut at its LIMIT. It refuses (the query is then sent
 * whole) when the order does not name every key and two rows tie in every ordered field where the answer would show
 * it (within the LIMIT, or one on each side of it), a sum is not an integer, a value is not a number, a key or an
 * ordered aggregate is null or not a string or number where the rows must be ordered, the merged rows reach the row
 * limit, or an ungrouped query has no row.
 */
public final class AggregateMerger {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String[] SCAN_FIELDS = {"scan_records", "scan_size", "idx_scan_size"};

    private AggregateMerger() {}

    /**
     * @param answer the store's answer to the pieces' query
     * @param stepStarts the step start of each segment (pieces and, last, the fresh tail when there is one)
     * @param rowLimit the rows the store returns at most
     * @param histogramSeconds the {@code histogram_interval} of the original query's answer ({@link
     *     AggregateShape.Aggregated#histogramSeconds}); 0 when it has none
     * @return one answer per segment, or empty when the cut is not provably right
     */
    public static Optional<List<StoreAnswer>> cut(
            StoreAnswer answer, long[] stepStarts, int rowLimit, long histogramSeconds) {
        Optional<ObjectNode> parsed = complete(answer, rowLimit);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode body = parsed.get();
        ArrayNode hits = (ArrayNode) body.get("hits");
        List<ArrayNode> segments = new ArrayList<>();
        for (int i = 0; i < stepStarts.length; i++) {
            segments.add(JSON.createArrayNode());
        }
        for (JsonNode row : hits) {
            if (!(row instanceof ObjectNode object)) {
                return Optional.empty();
            }
            OptionalLong at = HistogramSlicer.micros(object.get(AggregateShape.PIECE_COLUMN));
            if (at.isEmpty()) {
                return Optional.empty();
            }
            int segment = -1;
            for (int i = 0; i < stepStarts.length; i++) {
                if (stepStarts[i] == at.getAsLong()) {
                    segment = i;
                    break;
                }
            }
            if (segment < 0) {
                return Optional.empty();
            }
            ObjectNode copy = object.deepCopy();
            copy.remove(AggregateShape.PIECE_COLUMN);
            segments.get(segment).add(copy);
        }
        List<StoreAnswer> answers = new ArrayList<>();
        long rowsBefore = 0;
        for (ArrayNode rows : segments) {
            ObjectNode segment = body.deepCopy();
            if (histogramSeconds > 0) {
                segment.put("histogram_interval", histogramSeconds);
            } else {
                segment.remove("histogram_interval");
            }
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

    /**
     * The answers of the pieces of a range as the answer over the range: rows merged group by group, {@code total}
     * their number, scan counters summed, every other field from the last answer.
     */
    public static Optional<StoreAnswer> merge(
            List<StoreAnswer> answers, AggregateShape.Aggregated shape, int rowLimit) {
        Map<List<JsonNode>, ObjectNode> groups = new LinkedHashMap<>();
        ObjectNode template = null;
        String contentType = null;
        long[] scans = new long[SCAN_FIELDS.length];
        for (StoreAnswer answer : answers) {
            Optional<ObjectNode> parsed = complete(answer, rowLimit);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            template = parsed.get();
            contentType = answer.contentType();
            for (int i = 0; i < SCAN_FIELDS.length; i++) {
                scans[i] += template.path(SCAN_FIELDS[i]).asLong(0);
            }
            for (JsonNode row : template.get("hits")) {
                if (!(row instanceof ObjectNode object)) {
                    return Optional.empty();
                }
                List<JsonNode> key = new ArrayList<>();
                for (String field : shape.keys()) {
                    key.add(object.get(field));
                }
                ObjectNode merged = groups.get(key);
                if (merged == null) {
                    if (!valid(object, shape)) {
                        return Optional.empty();
                    }
                    groups.put(key, object.deepCopy());
                } else if (!combine(merged, object, shape)) {
                    return Optional.empty();
                }
            }
        }
        if (template == null || groups.size() >= rowLimit || (shape.keys().isEmpty() && groups.size() != 1)) {
            return Optional.empty();
        }
        List<ObjectNode> rows = new ArrayList<>(groups.values());
        if (!shape.order().isEmpty()) {
            for (ObjectNode row : rows) {
                for (AggregateShape.Order order : shape.order()) {
                    JsonNode value = row.get(order.field());
                    if (value == null || !(value.isString() || value.isNumber())) {
                        return Optional.empty();
                    }
                }
            }
            for (AggregateShape.Order order : shape.order()) {
                JsonNode first = rows.isEmpty() ? null : rows.get(0).get(order.field());
                for (ObjectNode row : rows) {
                    if (row.get(order.field()).isString() != first.isString()) {
                        return Optional.empty(); // mixed types: no order to reproduce
                    }
                }
            }
            Comparator<ObjectNode> comparator = null;
            for (AggregateShape.Order order : shape.order()) {
                Comparator<ObjectNode> one = (a, b) -> compare(a.get(order.field()), b.get(order.field()));
                if (order.descending()) {
                    one = one.reversed();
                }
                comparator = comparator == null ? one : comparator.thenComparing(one);
            }
            rows.sort(comparator);
            if (!shape.totalOrder()) {
                // rows equal in every ordered field are ties: the store's order of them (and, across the LIMIT, which
                // of them it returns) is undefined, so a tie that shows in the answer refuses the merge
                int shown = shape.limit() < 0 ? rows.size() : (int) Math.min(rows.size(), shape.limit() + 1);
                for (int i = 1; i < shown; i++) {
                    if (comparator.compare(rows.get(i - 1), rows.get(i)) == 0) {
                        return Optional.empty();
                    }
                }
            }
        }
        if (shape.limit() == 0) {
            return Optional.empty();
        }
        if (shape.limit() > 0 && rows.size() > shape.limit()) {
            rows = new ArrayList<>(rows.subList(0, (int) shape.limit()));
        }
        ObjectNode merged = template.deepCopy();
        ArrayNode hits = JSON.createArrayNode();
        rows.forEach(hits::add);
        merged.set("hits", hits);
        merged.put("total", rows.size());
        for (int i = 0; i < SCAN_FIELDS.length; i++) {
            if (merged.has(SCAN_FIELDS[i])) {
                merged.put(SCAN_FIELDS[i], scans[i]);
            }
        }
        return Optional.of(new StoreAnswer(200, contentType, JSON.writeValueAsBytes(merged)));
    }

    /** The body of a complete answer: 200, JSON, hits, not partial, no function error, fewer rows than the limit. */
    private static Optional<ObjectNode> complete(StoreAnswer answer, int rowLimit) {
        if (!answer.ok()
                || answer.contentType() == null
                || !answer.contentType().startsWith("application/json")) {
            return Optional.empty();
        }
        try {
            if (JSON.readTree(answer.body()) instanceof ObjectNode body
                    && body.get("hits") instanceof ArrayNode hits
                    && hits.size() < rowLimit
                    && !body.path("is_partial").asBoolean(false)
                    && noFunctionError(body.path("function_error"))) {
                return Optional.of(body);
            }
        } catch (JacksonException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether a row's aggregate values can be merged: numbers or null, counts and sums integers. */
    private static boolean valid(ObjectNode row, AggregateShape.Aggregated shape) {
        for (Map.Entry<String, AggregateShape.Kind> aggregate :
                shape.aggregates().entrySet()) {
            JsonNode value = row.get(aggregate.getKey());
            if (value == null) {
                return false;
            }
            if (value.isNull() && aggregate.getValue() != AggregateShape.Kind.COUNT) {
                continue;
            }
            boolean integral = aggregate.getValue() == AggregateShape.Kind.COUNT
                    || aggregate.getValue() == AggregateShape.Kind.SUM;
            if (integral ? !value.isIntegralNumber() : !value.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static boolean combine(ObjectNode into, ObjectNode row, AggregateShape.Aggregated shape) {
        if (!valid(row, shape)) {
            return false;
        }
        for (Map.Entry<String, AggregateShape.Kind> aggregate :
                shape.aggregates().entrySet()) {
            String field = aggregate.getKey();
            JsonNode a = into.get(field);
            JsonNode b = row.get(field);
            if (b.isNull()) {
                continue;
            }
            if (a.isNull()) {
                into.set(field, b);
                continue;
            }
            switch (aggregate.getValue()) {
                case COUNT, SUM -> into.set(field, integer(a.bigIntegerValue().add(b.bigIntegerValue())));
                case MIN -> into.set(field, compare(b, a) < 0 ? b : a);
                case MAX -> into.set(field, compare(b, a) > 0 ? b : a);
            }
        }
        return true;
    }

    private static JsonNode integer(BigInteger value) {
        return value.bitLength() < 64
                ? JsonNodeFactory.instance.numberNode(value.longValue())
                : JsonNodeFactory.instance.numberNode(value);
    }

    /** Numbers by value, strings by their UTF-8 bytes (the stores' default collation). */
    private static int compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            if (a.isIntegralNumber() && b.isIntegralNumber()) {
                return a.bigIntegerValue().compareTo(b.bigIntegerValue());
            }
            return a.decimalValue().compareTo(b.decimalValue());
        }
        byte[] x = a.asString().getBytes(StandardCharsets.UTF_8);
        byte[] y = b.asString().getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }

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
}
